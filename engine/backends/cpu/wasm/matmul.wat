;; The f32x4 SIMD matrix multiply behind the CPU backend (matmul_wasm.ts drives it; rnn.wat
;; calls `gemm` for each step of a recurrence). Kept small on purpose: Chrome refuses to compile
;; modules over 4 KB synchronously on the main thread, and the engine loads it synchronously.
;; The memory is imported, so every module and every worker thread shares one (build.ts also emits
;; a copy of this module whose memory is not shared, for pages without cross-origin isolation).
;;
;; A is read in panels of 4 rows: A[4ip + r, p] is the float at byte
;;   a + ip * aPanel + p * aStep + r * aRow,
;; which covers a packed copy (aPanel = 16k, aStep = 16, aRow = 4) and a row-major one
;; (aPanel = 16 pitch, aStep = 4, aRow = 4 pitch) with no repacking.
;; B likewise in panels of 8 columns: B[p, 8jp + c] at byte b + jp * bPanel + p * bStep + 4c.
;; C is row-major with a row pitch of ldc bytes. With `add` each 4x8 tile of C is added to,
;; else overwritten. Each tile is summed in eight f32x4 registers over its k steps in order, so a
;; C entry's bits depend only on k's blocking, never on which rows a call (or a thread) covers.
(module
  (import "env" "memory" (memory 1 16384 shared))

  ;; C[4ip.., 8jp..] (+)= A panel ip . B panel jp over k steps, for ip < mPanels, jp < nPanels.
  ;; k must be at least 1.
  (func $tiles
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

  ;; The whole product, blocked for the caches: at most 256 steps of k and 32 row panels (128
  ;; rows) a `tiles` call, so the A block it walks for every column panel (128 KB at most) stays
  ;; in L2 and one column panel of B (32 KB at most) in L1 or L2 however large k is. k >= 1.
  (func $gemm (export "gemm")
    (param $a i32) (param $aPanel i32) (param $aStep i32) (param $aRow i32)
    (param $b i32) (param $bPanel i32) (param $bStep i32)
    (param $c i32) (param $ldc i32) (param $mPanels i32) (param $nPanels i32) (param $k i32) (param $add i32)
    (local $p i32) (local $ip i32) (local $steps i32) (local $panels i32)
    (loop $kBlocks
      (local.set $steps (select (i32.const 256) (i32.sub (local.get $k) (local.get $p))
        (i32.gt_u (i32.sub (local.get $k) (local.get $p)) (i32.const 256))))
      (local.set $ip (i32.const 0))
      (loop $mBlocks
        (local.set $panels (select (i32.const 32) (i32.sub (local.get $mPanels) (local.get $ip))
          (i32.gt_u (i32.sub (local.get $mPanels) (local.get $ip)) (i32.const 32))))
        (call $tiles
          (i32.add (local.get $a) (i32.add (i32.mul (local.get $p) (local.get $aStep)) (i32.mul (local.get $ip) (local.get $aPanel))))
          (local.get $aPanel) (local.get $aStep) (local.get $aRow)
          (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $bStep))) (local.get $bPanel) (local.get $bStep)
          (i32.add (local.get $c) (i32.mul (i32.shl (local.get $ip) (i32.const 2)) (local.get $ldc))) (local.get $ldc)
          (local.get $panels) (local.get $nPanels) (local.get $steps)
          (i32.or (local.get $add) (local.get $p)))
        (local.set $ip (i32.add (local.get $ip) (i32.const 32)))
        (br_if $mBlocks (i32.lt_u (local.get $ip) (local.get $mPanels))))
      (local.set $p (i32.add (local.get $p) (i32.const 256)))
      (br_if $kBlocks (i32.lt_u (local.get $p) (local.get $k)))))

;; Packs `rows` rows of k floats into panels of 2^log2w rows, zero-filling up to rowsPad: row j,
  ;; step p, read at byte src + j * rowStride + p * stepStride, goes to byte
  ;;   dst + (j >> log2w) * (4k << log2w) + (p << (log2w + 2)) + 4 (j & (2^log2w - 1)),
  ;; so rows and columns of either operand, stored either way, pack alike. k >= 1, log2w 2 or 3.
  ;; Where a panel's rows lie side by side (rowStride 4: A stored transposed, B as is) each step
  ;; of a whole panel is one or two vector copies; other panels go float by float.
  (func (export "pack")
    (param $src i32) (param $dst i32) (param $rows i32) (param $rowsPad i32) (param $k i32)
    (param $rowStride i32) (param $stepStride i32) (param $log2w i32)
    (local $j i32) (local $p i32) (local $s i32) (local $d i32) (local $dStep i32) (local $w i32)
    (local.set $dStep (i32.shl (i32.const 4) (local.get $log2w)))
    (local.set $w (i32.shl (i32.const 1) (local.get $log2w)))
    (if (i32.eq (local.get $rowStride) (i32.const 4))
      (then
        (local.set $d (local.get $dst))
        (block $whole
          (loop $panels
            (br_if $whole (i32.gt_u (i32.add (local.get $j) (local.get $w)) (local.get $rows)))
            (local.set $s (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $p (local.get $k))
            (loop $steps
              (v128.store (local.get $d) (v128.load (local.get $s)))
              (if (i32.eq (local.get $log2w) (i32.const 3))
                (then (v128.store offset=16 (local.get $d) (v128.load offset=16 (local.get $s)))))
              (local.set $s (i32.add (local.get $s) (local.get $stepStride)))
              (local.set $d (i32.add (local.get $d) (local.get $dStep)))
              (local.set $p (i32.sub (local.get $p) (i32.const 1)))
              (br_if $steps (local.get $p)))
            (local.set $j (i32.add (local.get $j) (local.get $w)))
            (br $panels)))))
    (block $done
      (br_if $done (i32.ge_u (local.get $j) (local.get $rowsPad)))
      (loop $rows
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $j) (local.get $rowStride))))
        (local.set $d (i32.add (local.get $dst)
          (i32.add (i32.mul (i32.shr_u (local.get $j) (local.get $log2w)) (i32.mul (local.get $k) (local.get $dStep)))
                   (i32.shl (i32.and (local.get $j) (i32.sub (local.get $w) (i32.const 1))) (i32.const 2)))))
        (local.set $p (local.get $k))
        (loop $steps
          ;; Padding rows are zeros, and never read: they may lie past the source.
          (if (i32.lt_u (local.get $j) (local.get $rows))
            (then (f32.store (local.get $d) (f32.load (local.get $s))))
            (else (f32.store (local.get $d) (f32.const 0))))
          (local.set $s (i32.add (local.get $s) (local.get $stepStride)))
          (local.set $d (i32.add (local.get $d) (local.get $dStep)))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br_if $steps (local.get $p)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $rows (i32.lt_u (local.get $j) (local.get $rowsPad)))))))
