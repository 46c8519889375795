;; A whole Elman recurrence in WebAssembly, forward and backward through time, over a block of
;; batch rows (rnn_wasm.ts lays out the memory; rows evolve independently, so each worker thread
;; takes its own block with no per-step synchronisation). Each step is one call of matmul.wat's
;; `gemm` against W_hh packed once for the whole sequence, then the bias and the activation (or
;; its derivative) in the same pass over the step's rows.
;;
;; Layout (byte addresses): a step holds `rows` rows of Hp floats (H padded to a multiple of 8),
;; steps lie stepBytes apart, and rows is a multiple of 4. lens holds one i32 per row: the row's
;; valid length (padding rows have 0); a row past its length outputs zeros and keeps its state.
(module
  (import "env" "memory" (memory 1 16384 shared))
  (import "matmul" "gemm" (func $gemm
    (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))

  ;; tanh(|x|) of two doubles, through expm1: tanh y = e / (e + 2) with e = expm1(2y). expm1 by
  ;; range reduction, 2y = n ln2 + r with |r| <= ln2 / 2, and a degree-10 Taylor polynomial
  ;; (error below 1e-12 relative); 2y is capped at 40, where tanh is 1 in float64 already.
  (func $tanhAbs (param $x v128) (result v128)
    (local $y v128) (local $n v128) (local $r v128) (local $p v128) (local $s v128)
    (local.set $y (f64x2.min (f64x2.add (f64x2.abs (local.get $x)) (f64x2.abs (local.get $x)))
      (v128.const f64x2 40 40)))
    (local.set $n (f64x2.nearest (f64x2.mul (local.get $y) (v128.const f64x2 1.4426950408889634 1.4426950408889634))))
    (local.set $r (f64x2.sub
      (f64x2.sub (local.get $y) (f64x2.mul (local.get $n) (v128.const f64x2 0.6931471803691238 0.6931471803691238)))
      (f64x2.mul (local.get $n) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))))
    ;; p = 1/2! + r/3! + ... + r^8/10!
    (local.set $p (v128.const f64x2 2.755731922398589e-7 2.755731922398589e-7))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 2.48015873015873e-5 2.48015873015873e-5)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 1.984126984126984e-4 1.984126984126984e-4)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 1.388888888888889e-3 1.388888888888889e-3)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 8.333333333333333e-3 8.333333333333333e-3)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 4.1666666666666664e-2 4.1666666666666664e-2)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 0.16666666666666666 0.16666666666666666)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 0.5 0.5)))
    ;; expm1(r) = r + r^2 p; then expm1(2y) = 2^n expm1(r) + (2^n - 1), exact at n = 0.
    (local.set $p (f64x2.add (local.get $r) (f64x2.mul (f64x2.mul (local.get $r) (local.get $r)) (local.get $p))))
    (local.set $s (i64x2.shl
      (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $n))) (v128.const i64x2 1023 1023))
      (i32.const 52)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $s)) (f64x2.sub (local.get $s) (v128.const f64x2 1 1))))
    (f64x2.div (local.get $p) (f64x2.add (local.get $p) (v128.const f64x2 2 2))))

  ;; Four floats from two pairs of doubles (lo, hi), each rounded once.
  (func $demote4 (param $lo v128) (param $hi v128) (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))

  ;; tanh of four values given as doubles (lo, hi), computed in float64 and rounded once: within
  ;; an ulp of the true value, exactly +-1 where float32 tanh is, odd (tanh(-0) = -0), NaN for NaN.
  (func $tanh (param $lo v128) (param $hi v128) (result v128)
    (v128.or
      (call $demote4 (call $tanhAbs (local.get $lo)) (call $tanhAbs (local.get $hi)))
      (v128.and (call $demote4 (local.get $lo) (local.get $hi))
        (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))

  ;; The high two floats of x as doubles.
  (func $promoteHigh (param $x v128) (result v128)
    (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))

  ;; Forward over T steps (reversed when `reverse`), in PyTorch's order and in float32 throughout:
  ;; out_t = act((state W_hh^T + b_hh) + (out_t + b_ih)), where out_t holds x_t W_ih^T on entry,
  ;; gates is one step of scratch for state W_hh^T, whhT is W_hh^T packed in panels of 8 columns,
  ;; bhh and bih are Hp floats (-0 without a bias: x + -0 is x for every x, -0 included), and the state
  ;; starts as h0. Every sum is rounded to float32 as PyTorch's are, so overflow gives inf, then
  ;; NaN, where PyTorch's does. act is tanh (float64 inside, rounded once), or relu when `relu`
  ;; (x < 0 ? 0 : x, so NaN passes on and -0 stays -0).
  (func (export "forward")
    (param $out i32) (param $state i32) (param $gates i32) (param $whhT i32) (param $bhh i32) (param $bih i32)
    (param $lens i32) (param $T i32) (param $rows i32) (param $H i32) (param $Hp i32) (param $stepBytes i32)
    (param $reverse i32) (param $relu i32)
    (local $s i32) (local $t i32) (local $o i32) (local $st i32) (local $g i32) (local $r i32) (local $j i32)
    (local $pitch i32) (local $v v128)
    (local.set $pitch (i32.shl (local.get $Hp) (i32.const 2)))
    (loop $steps
      (local.set $t (select (i32.sub (i32.sub (local.get $T) (i32.const 1)) (local.get $s)) (local.get $s) (local.get $reverse)))
      (local.set $o (i32.add (local.get $out) (i32.mul (local.get $t) (local.get $stepBytes))))
      (call $gemm (local.get $state) (i32.shl (local.get $pitch) (i32.const 2)) (i32.const 4) (local.get $pitch)
        (local.get $whhT) (i32.shl (local.get $H) (i32.const 5)) (i32.const 32)
        (local.get $gates) (local.get $pitch) (i32.shr_u (local.get $rows) (i32.const 2)) (i32.shr_u (local.get $Hp) (i32.const 3))
        (local.get $H) (i32.const 0))
      (local.set $st (local.get $state))
      (local.set $g (local.get $gates))
      (local.set $r (i32.const 0))
      (loop $rowLoop
        (local.set $j (i32.const 0))
        (if (i32.lt_s (local.get $t) (i32.load (i32.add (local.get $lens) (i32.shl (local.get $r) (i32.const 2)))))
          (then
            (loop $cols
              (local.set $v (f32x4.add
                (f32x4.add (v128.load (i32.add (local.get $g) (local.get $j))) (v128.load (i32.add (local.get $bhh) (local.get $j))))
                (f32x4.add (v128.load (i32.add (local.get $o) (local.get $j))) (v128.load (i32.add (local.get $bih) (local.get $j))))))
              (local.set $v (if (result v128) (local.get $relu)
                (then (v128.andnot (local.get $v) (f32x4.lt (local.get $v) (v128.const i64x2 0 0))))
                (else (call $tanh (f64x2.promote_low_f32x4 (local.get $v)) (call $promoteHigh (local.get $v))))))
              (v128.store (i32.add (local.get $o) (local.get $j)) (local.get $v))
              (v128.store (i32.add (local.get $st) (local.get $j)) (local.get $v))
              (local.set $j (i32.add (local.get $j) (i32.const 16)))
              (br_if $cols (i32.lt_u (local.get $j) (local.get $pitch)))))
          (else
            (loop $zeros
              (v128.store (i32.add (local.get $o) (local.get $j)) (v128.const i64x2 0 0))
              (local.set $j (i32.add (local.get $j) (i32.const 16)))
              (br_if $zeros (i32.lt_u (local.get $j) (local.get $pitch))))))
        (local.set $o (i32.add (local.get $o) (local.get $pitch)))
        (local.set $st (i32.add (local.get $st) (local.get $pitch)))
        (local.set $g (i32.add (local.get $g) (local.get $pitch)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $rowLoop (i32.lt_u (local.get $r) (local.get $rows))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br_if $steps (i32.lt_u (local.get $s) (local.get $T)))))

  ;; Backward through the same steps in the opposite order. dh (the gradient into the state)
  ;; starts as grad h_n; each step writes dPre_t = (dh + gOut_t) act'(out_t) (0 past a row's
  ;; length; relu' is 0 where y <= 0, as threshold_backward, so a NaN y passes g on), then
  ;; dh = dPre_t W_hh through dhNext for the rows valid at t. whh is W_hh packed in
  ;; panels of 8 columns. On return dh is the gradient into h0.
  (func (export "backward")
    (param $out i32) (param $gOut i32) (param $dPre i32) (param $dh i32) (param $dhNext i32)
    (param $whh i32) (param $lens i32)
    (param $T i32) (param $rows i32) (param $H i32) (param $Hp i32) (param $stepBytes i32)
    (param $reverse i32) (param $relu i32)
    (local $s i32) (local $t i32) (local $at i32) (local $r i32) (local $j i32) (local $row i32)
    (local $pitch i32) (local $g v128) (local $y v128) (local $valid i32)
    (local.set $pitch (i32.shl (local.get $Hp) (i32.const 2)))
    (local.set $s (local.get $T))
    (loop $steps
      (local.set $s (i32.sub (local.get $s) (i32.const 1)))
      (local.set $t (select (i32.sub (i32.sub (local.get $T) (i32.const 1)) (local.get $s)) (local.get $s) (local.get $reverse)))
      (local.set $at (i32.mul (local.get $t) (local.get $stepBytes)))
      (local.set $r (i32.const 0))
      (loop $rowLoop
        (local.set $row (i32.add (local.get $at) (i32.mul (local.get $r) (local.get $pitch))))
        (local.set $valid (i32.lt_s (local.get $t) (i32.load (i32.add (local.get $lens) (i32.shl (local.get $r) (i32.const 2))))))
        (local.set $j (i32.const 0))
        (loop $cols
          (local.set $g (f32x4.add
            (v128.load (i32.add (i32.add (local.get $dh) (i32.mul (local.get $r) (local.get $pitch))) (local.get $j)))
            (v128.load (i32.add (i32.add (local.get $gOut) (local.get $row)) (local.get $j)))))
          (local.set $y (v128.load (i32.add (i32.add (local.get $out) (local.get $row)) (local.get $j))))
          (local.set $g (if (result v128) (local.get $relu)
            (then (v128.andnot (local.get $g) (f32x4.le (local.get $y) (v128.const i64x2 0 0))))
            (else (f32x4.mul (local.get $g)
              (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $y) (local.get $y)))))))
          (v128.store (i32.add (i32.add (local.get $dPre) (local.get $row)) (local.get $j))
            (select (local.get $g) (v128.const i64x2 0 0) (local.get $valid)))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $cols (i32.lt_u (local.get $j) (local.get $pitch))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $rowLoop (i32.lt_u (local.get $r) (local.get $rows))))
      (call $gemm (i32.add (local.get $dPre) (local.get $at)) (i32.shl (local.get $pitch) (i32.const 2)) (i32.const 4) (local.get $pitch)
        (local.get $whh) (i32.shl (local.get $H) (i32.const 5)) (i32.const 32)
        (local.get $dhNext) (local.get $pitch) (i32.shr_u (local.get $rows) (i32.const 2)) (i32.shr_u (local.get $Hp) (i32.const 3))
        (local.get $H) (i32.const 0))
      ;; Rows valid at t take the new gradient; the others carry theirs on to their last step.
      (local.set $r (i32.const 0))
      (loop $copy
        (if (i32.lt_s (local.get $t) (i32.load (i32.add (local.get $lens) (i32.shl (local.get $r) (i32.const 2)))))
          (then (memory.copy
            (i32.add (local.get $dh) (i32.mul (local.get $r) (local.get $pitch)))
            (i32.add (local.get $dhNext) (i32.mul (local.get $r) (local.get $pitch)))
            (local.get $pitch))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $copy (i32.lt_u (local.get $r) (local.get $rows))))
      (br_if $steps (local.get $s))))

;; acc + v for float64 pairs, except that a sum float32 could not hold (|sum| >= 2^128 - 2^103)
  ;; becomes +-inf and stays there, as addFloat32Overflow in kernels/reduce.ts.
  (func $addCapped (param $acc v128) (param $v v128) (result v128)
    (local $t v128)
    (local.set $t (f64x2.add (local.get $acc) (local.get $v)))
    (v128.bitselect
      (v128.or (v128.and (local.get $t) (v128.const i64x2 0x8000000000000000 0x8000000000000000))
        (v128.const i64x2 0x7ff0000000000000 0x7ff0000000000000))
      (local.get $t)
      (f64x2.ge (f64x2.abs (local.get $t)) (v128.const f64x2 0x1.ffffffp+127 0x1.ffffffp+127))))

  ;; The bias gradient: the sums over `rows` rows (pitch bytes apart, rows >= 1) of `cols` floats
  ;; (a multiple of 8) from src, each column summed in float64 in row order with addCapped, then
  ;; rounded once to float32 at dst. Columns are independent, so threads may split them.
  (func (export "colsum") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $pitch i32)
    (local $s i32) (local $r i32) (local $end i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $cols) (i32.const 2))))
    (loop $chunks
      (local.set $a0 (v128.const i64x2 0 0))
      (local.set $a1 (v128.const i64x2 0 0))
      (local.set $a2 (v128.const i64x2 0 0))
      (local.set $a3 (v128.const i64x2 0 0))
      (local.set $s (local.get $src))
      (local.set $r (local.get $rows))
      (loop $rowLoop
        (local.set $a0 (call $addCapped (local.get $a0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $s)))))
        (local.set $a1 (call $addCapped (local.get $a1) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $s)))))
        (local.set $a2 (call $addCapped (local.get $a2) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $s)))))
        (local.set $a3 (call $addCapped (local.get $a3) (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $s)))))
        (local.set $s (i32.add (local.get $s) (local.get $pitch)))
        (local.set $r (i32.sub (local.get $r) (i32.const 1)))
        (br_if $rowLoop (local.get $r)))
      (v128.store (local.get $dst) (call $demote4 (local.get $a0) (local.get $a1)))
      (v128.store offset=16 (local.get $dst) (call $demote4 (local.get $a2) (local.get $a3)))
      (local.set $src (i32.add (local.get $src) (i32.const 32)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
      (br_if $chunks (i32.lt_u (local.get $dst) (local.get $end)))))

  ;; Applies tanh to n floats (n a multiple of 4) from src to dst: the `unary` tanh kernel.
  (func (export "tanh") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (loop $each
        (v128.store (local.get $dst) (call $tanh (f64x2.promote_low_f32x4 (v128.load (local.get $src)))
          (call $promoteHigh (v128.load (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br_if $each (i32.lt_u (local.get $src) (local.get $end)))))))
