;; The f32x4 SIMD micro-kernel behind the CPU matmul (see matmul_wasm.ts for the memory layout).
;; Kept tiny on purpose: Chrome refuses to compile modules over 4 KB synchronously on the main
;; thread, and the engine loads this module synchronously everywhere.
;;
;; A is read in panels of 4 rows: A[4ip + r, p] is the float at byte
;;   a + ip * aPanel + p * aStep + r * aRow,
;; which covers a row-major copy (aPanel = 16k, aStep = 4, aRow = 4k), a column-major copy
;; (aPanel = 16, aStep = 4 * rows, aRow = 4) and a packed one, with no repacking by the caller.
;; B likewise in panels of 8 columns: B[p, 8jp + c] at byte b + jp * bPanel + p * bStep + 4c.
;; C is row-major with a row pitch of ldc bytes. With `add` each 4x8 tile of C is added to,
;; else overwritten. A transposed B (stored [n, k]) is first packed into panels by `pack_b`.
(module
  (memory (export "memory") 1)

  ;; C[4ip.., 8jp..] (+)= A panel ip . B panel jp over k steps, for ip < mPanels, jp < nPanels.
  ;; k must be at least 1.
  (func (export "tiles")
    (param $a i32) (param $aPanel i32) (param $aStep i32) (param $aRow i32)
    (param $b i32) (param $bPanel i32) (param $bStep i32)
    (param $c i32) (param $ldc i32) (param $mPanels i32) (param $nPanels i32) (param $k i32) (param $add i32)
    (local $ip i32) (local $jp i32) (local $pa i32) (local $pb i32) (local $p i32) (local $pc i32)
    (local $aRow2 i32) (local $aRow3 i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local.set $aRow2 (i32.shl (local.get $aRow) (i32.const 1)))
    (local.set $aRow3 (i32.add (local.get $aRow2) (local.get $aRow)))
    ;; Column panels outside, row panels inside: one B panel stays in L1 while the caller keeps
    ;; the A block it passes small enough for L2.
    (local.set $jp (i32.const 0))
    (loop $columns
      (local.set $ip (i32.const 0))
      (loop $rows
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $ip) (local.get $aPanel))))
        (local.set $pb (i32.add (local.get $b) (i32.mul (local.get $jp) (local.get $bPanel))))
        (local.set $p (local.get $k))
        (local.set $c00 (v128.const i64x2 0 0))
        (local.set $c01 (v128.const i64x2 0 0))
        (local.set $c10 (v128.const i64x2 0 0))
        (local.set $c11 (v128.const i64x2 0 0))
        (local.set $c20 (v128.const i64x2 0 0))
        (local.set $c21 (v128.const i64x2 0 0))
        (local.set $c30 (v128.const i64x2 0 0))
        (local.set $c31 (v128.const i64x2 0 0))
        (loop $steps
          (local.set $b0 (v128.load (local.get $pb)))
          (local.set $b1 (v128.load offset=16 (local.get $pb)))
          (local.set $x (v128.load32_splat (local.get $pa)))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat (i32.add (local.get $pa) (local.get $aRow))))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat (i32.add (local.get $pa) (local.get $aRow2))))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat (i32.add (local.get $pa) (local.get $aRow3))))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $pa (i32.add (local.get $pa) (local.get $aStep)))
          (local.set $pb (i32.add (local.get $pb) (local.get $bStep)))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br_if $steps (local.get $p)))
        ;; The tile's first row in C: byte (4ip * ldc + 32jp) from c.
        (local.set $pc (i32.add (local.get $c)
          (i32.add (i32.mul (i32.shl (local.get $ip) (i32.const 2)) (local.get $ldc))
                   (i32.shl (local.get $jp) (i32.const 5)))))
        (if (local.get $add)
          (then
            (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $pc))))
            (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $pc))))
            (local.set $c10 (f32x4.add (local.get $c10) (v128.load (i32.add (local.get $pc) (local.get $ldc)))))
            (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (i32.add (local.get $pc) (local.get $ldc)))))
            (local.set $c20 (f32x4.add (local.get $c20) (v128.load (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))))))
            (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))))))
            (local.set $c30 (f32x4.add (local.get $c30) (v128.load (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))))))
            (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))))))))
        (v128.store (local.get $pc) (local.get $c00))
        (v128.store offset=16 (local.get $pc) (local.get $c01))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (v128.store (local.get $pc) (local.get $c10))
        (v128.store offset=16 (local.get $pc) (local.get $c11))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (v128.store (local.get $pc) (local.get $c20))
        (v128.store offset=16 (local.get $pc) (local.get $c21))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (v128.store (local.get $pc) (local.get $c30))
        (v128.store offset=16 (local.get $pc) (local.get $c31))
        (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
        (br_if $rows (i32.lt_u (local.get $ip) (local.get $mPanels))))
      (local.set $jp (i32.add (local.get $jp) (i32.const 1)))
      (br_if $columns (i32.lt_u (local.get $jp) (local.get $nPanels)))))

  ;; Packs B's transpose, row-major [rows, k] at src (rows a multiple of 8, padding rows zero),
  ;; into panels of 8 columns at dst: row j, step p goes to byte (j >> 3) * 32k + 32p + 4(j & 7).
  ;; A strided copy in JS costs about 2 ns a float, here a fraction of that. k must be at least 1.
  (func (export "pack_b") (param $src i32) (param $dst i32) (param $rows i32) (param $k i32)
    (local $j i32) (local $p i32) (local $s i32) (local $d i32)
    (local.set $s (local.get $src))
    (local.set $j (i32.const 0))
    (loop $rows
      (local.set $d (i32.add (local.get $dst)
        (i32.add (i32.mul (i32.shr_u (local.get $j) (i32.const 3)) (i32.shl (local.get $k) (i32.const 5)))
                 (i32.shl (i32.and (local.get $j) (i32.const 7)) (i32.const 2)))))
      (local.set $p (local.get $k))
      (loop $steps
        (f32.store (local.get $d) (f32.load (local.get $s)))
        (local.set $s (i32.add (local.get $s) (i32.const 4)))
        (local.set $d (i32.add (local.get $d) (i32.const 32)))
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (br_if $steps (local.get $p)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $j) (local.get $rows))))))
