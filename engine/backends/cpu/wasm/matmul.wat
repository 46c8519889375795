;; The f32x4 SIMD micro-kernel behind the CPU matmul (see matmul_wasm.ts for the memory layout).
;; Kept tiny on purpose: Chrome refuses to compile modules over 4 KB synchronously on the main
;; thread, and the engine loads this module synchronously everywhere.
;;
;; A is packed in panels of 4 rows: panel ip holds A[4ip + r, p] at byte (ip * aStride + 16p + 4r).
;; B is packed in panels of 8 columns: panel jp holds B[p, 8jp + c] at byte (jp * bStride + 32p + 4c).
;; C is row-major with a row pitch of ldc bytes. Each 4x8 tile of C is added to, never overwritten,
;; so a caller can split k into blocks and zero C (or preload it) itself.
(module
  (memory (export "memory") 1)

  ;; C[4ip.., 8jp..] += Apanel(ip) . Bpanel(jp) over k steps, for ip < mPanels and jp < nPanels.
  ;; k must be at least 1.
  (func (export "tiles")
    (param $a i32) (param $aStride i32) (param $b i32) (param $bStride i32)
    (param $c i32) (param $ldc i32) (param $mPanels i32) (param $nPanels i32) (param $k i32)
    (local $ip i32) (local $jp i32) (local $pa i32) (local $pb i32) (local $end i32) (local $pc i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    ;; Column panels outside, row panels inside: one B panel (32k bytes) stays in L1 while the
    ;; caller keeps the A block it passes small enough for L2.
    (local.set $jp (i32.const 0))
    (loop $columns
      (local.set $ip (i32.const 0))
      (loop $rows
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $ip) (local.get $aStride))))
        (local.set $pb (i32.add (local.get $b) (i32.mul (local.get $jp) (local.get $bStride))))
        (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $k) (i32.const 4))))
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
          (local.set $x (v128.load32_splat offset=4 (local.get $pa)))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat offset=8 (local.get $pa)))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat offset=12 (local.get $pa)))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
          (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
          (br_if $steps (i32.lt_u (local.get $pa) (local.get $end))))
        ;; Add the tile into C: byte (4ip * ldc + 32jp) from c.
        (local.set $pc (i32.add (local.get $c)
          (i32.add (i32.mul (i32.shl (local.get $ip) (i32.const 2)) (local.get $ldc))
                   (i32.shl (local.get $jp) (i32.const 5)))))
        (v128.store (local.get $pc) (f32x4.add (v128.load (local.get $pc)) (local.get $c00)))
        (v128.store offset=16 (local.get $pc) (f32x4.add (v128.load offset=16 (local.get $pc)) (local.get $c01)))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (v128.store (local.get $pc) (f32x4.add (v128.load (local.get $pc)) (local.get $c10)))
        (v128.store offset=16 (local.get $pc) (f32x4.add (v128.load offset=16 (local.get $pc)) (local.get $c11)))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (v128.store (local.get $pc) (f32x4.add (v128.load (local.get $pc)) (local.get $c20)))
        (v128.store offset=16 (local.get $pc) (f32x4.add (v128.load offset=16 (local.get $pc)) (local.get $c21)))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (v128.store (local.get $pc) (f32x4.add (v128.load (local.get $pc)) (local.get $c30)))
        (v128.store offset=16 (local.get $pc) (f32x4.add (v128.load offset=16 (local.get $pc)) (local.get $c31)))
        (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
        (br_if $rows (i32.lt_u (local.get $ip) (local.get $mPanels))))
      (local.set $jp (i32.add (local.get $jp) (i32.const 1)))
      (br_if $columns (i32.lt_u (local.get $jp) (local.get $nPanels))))))
