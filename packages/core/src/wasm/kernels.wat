;; lassokit's SIMD kernels (WebAssembly 128-bit SIMD, f64x2). Assembled by scripts/wasm.mjs into
;; kernelsWasm.ts; a test checks the two agree. All pointers are byte offsets into the imported
;; memory; vectors are f64, index lists i32. Sums use two f64x2 accumulators (four lanes) plus a
;; scalar tail, so results differ from the TypeScript fallback by rounding only.
(module
  (import "env" "memory" (memory 1))

  ;; Σ a[i]·b[i], i < n
  (func $dot (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $i i32) (local $end i32) (local $s0 v128) (local $s1 v128) (local $r f64) (local $o i32)
    (local.set $end (i32.and (local.get $n) (i32.const -4)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $s0 (f64x2.add (local.get $s0)
          (f64x2.mul (v128.load align=8 (i32.add (local.get $a) (local.get $o)))
                     (v128.load align=8 (i32.add (local.get $b) (local.get $o))))))
        (local.set $s1 (f64x2.add (local.get $s1)
          (f64x2.mul (v128.load offset=16 align=8 (i32.add (local.get $a) (local.get $o)))
                     (v128.load offset=16 align=8 (i32.add (local.get $b) (local.get $o))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $loop)))
    (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
    (local.set $r (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
    (block $tdone
      (loop $tail
        (br_if $tdone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $r (f64.add (local.get $r)
          (f64.mul (f64.load (i32.add (local.get $a) (local.get $o)))
                   (f64.load (i32.add (local.get $b) (local.get $o))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (local.get $r))

  ;; y[i] += alpha·x[i], i < n
  (func $axpy (export "axpy") (param $alpha f64) (param $x i32) (param $y i32) (param $n i32)
    (local $i i32) (local $end i32) (local $a v128) (local $o i32)
    (local.set $a (f64x2.splat (local.get $alpha)))
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (v128.store align=8 (i32.add (local.get $y) (local.get $o))
          (f64x2.add (v128.load align=8 (i32.add (local.get $y) (local.get $o)))
                     (f64x2.mul (local.get $a) (v128.load align=8 (i32.add (local.get $x) (local.get $o))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $loop)))
    (if (i32.lt_u (local.get $i) (local.get $n))
      (then
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (f64.store (i32.add (local.get $y) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $y) (local.get $o)))
                   (f64.mul (local.get $alpha) (f64.load (i32.add (local.get $x) (local.get $o)))))))))

;; y[i] += alpha·u[i], then Σ x[i]·y[i]: $axpy then $dot, value for value and in $dot's order of
  ;; summation, in one sweep over y (densePass: a moved coordinate's update with the next one's
  ;; gradient).
  (func $axpyDot (param $alpha f64) (param $u i32) (param $x i32) (param $y i32) (param $n i32) (result f64)
    (local $i i32) (local $end i32) (local $o i32) (local $yi i32) (local $a v128) (local $v0 v128) (local $v1 v128) (local $s0 v128) (local $s1 v128) (local $t f64) (local $r f64)
    (local.set $a (f64x2.splat (local.get $alpha)))
    (local.set $end (i32.and (local.get $n) (i32.const -4)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $yi (i32.add (local.get $y) (local.get $o)))
        (local.set $v0 (f64x2.add (v128.load align=8 (local.get $yi))
          (f64x2.mul (local.get $a) (v128.load align=8 (i32.add (local.get $u) (local.get $o))))))
        (local.set $v1 (f64x2.add (v128.load offset=16 align=8 (local.get $yi))
          (f64x2.mul (local.get $a) (v128.load offset=16 align=8 (i32.add (local.get $u) (local.get $o))))))
        (v128.store align=8 (local.get $yi) (local.get $v0))
        (v128.store offset=16 align=8 (local.get $yi) (local.get $v1))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (v128.load align=8 (i32.add (local.get $x) (local.get $o))) (local.get $v0))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (v128.load offset=16 align=8 (i32.add (local.get $x) (local.get $o))) (local.get $v1))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $loop)))
    (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
    (local.set $r (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
    (block $tdone
      (loop $tail
        (br_if $tdone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $yi (i32.add (local.get $y) (local.get $o)))
        (local.set $t (f64.add (f64.load (local.get $yi)) (f64.mul (local.get $alpha) (f64.load (i32.add (local.get $u) (local.get $o))))))
        (f64.store (local.get $yi) (local.get $t))
        (local.set $r (f64.add (local.get $r) (f64.mul (f64.load (i32.add (local.get $x) (local.get $o))) (local.get $t))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (local.get $r))

    ;; L·z = x in place (forward substitution), L lower triangular, row-major with a row stride of
  ;; $s elements: x[i] = (x[i] − L[i, :i]·x[:i]) / L[i, i] for i < k, each row's sum by $dot. x may
  ;; be a row of L below the k rows read (a factor's new row). One call per solve instead of one
  ;; JS-to-Wasm dot call per row.
  (func (export "forwardSolve") (param $l i32) (param $s i32) (param $x i32) (param $k i32)
    (local $i i32) (local $row i32) (local $xi i32)
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $i) (local.get $k)))
      (local.set $row (i32.add (local.get $l) (i32.shl (i32.mul (local.get $i) (local.get $s)) (i32.const 3))))
      (local.set $xi (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3))))
      (f64.store (local.get $xi)
        (f64.div (f64.sub (f64.load (local.get $xi)) (call $dot (local.get $row) (local.get $x) (local.get $i)))
                 (f64.load (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 3))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows))))

  ;; out[j] = x_jᵀv for j < p; x column-major n×p
  (func (export "gemvT") (param $x i32) (param $v i32) (param $out i32) (param $n i32) (param $p i32)
    (local $j i32) (local $stride i32)
    (local.set $stride (i32.shl (local.get $n) (i32.const 3)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $j) (local.get $p)))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3)))
          (call $dot (local.get $x) (local.get $v) (local.get $n)))
        (local.set $x (i32.add (local.get $x) (local.get $stride)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $loop))))

  ;; out[t] = x_{cols[t]}ᵀv for t < count, four columns per sweep over v (v read once per four:
  ;; the Gram-column kernel, bound by memory traffic).
  (func (export "gatherDots") (param $x i32) (param $v i32) (param $cols i32) (param $count i32) (param $out i32) (param $n i32)
    (local $t i32) (local $stride i32) (local $i i32) (local $end i32) (local $o i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $xv v128)
    (local $r0 f64) (local $r1 f64) (local $r2 f64) (local $r3 f64) (local $xs f64)
    (local.set $stride (i32.shl (local.get $n) (i32.const 3)))
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $groups
      (loop $group
        (br_if $groups (i32.gt_u (i32.add (local.get $t) (i32.const 4)) (local.get $count)))
        (local.set $c0 (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $t) (i32.const 2)))) (local.get $stride))))
        (local.set $c1 (i32.add (local.get $x) (i32.mul (i32.load offset=4 (i32.add (local.get $cols) (i32.shl (local.get $t) (i32.const 2)))) (local.get $stride))))
        (local.set $c2 (i32.add (local.get $x) (i32.mul (i32.load offset=8 (i32.add (local.get $cols) (i32.shl (local.get $t) (i32.const 2)))) (local.get $stride))))
        (local.set $c3 (i32.add (local.get $x) (i32.mul (i32.load offset=12 (i32.add (local.get $cols) (i32.shl (local.get $t) (i32.const 2)))) (local.get $stride))))
        (local.set $s0 (v128.const f64x2 0 0))
        (local.set $s1 (v128.const f64x2 0 0))
        (local.set $s2 (v128.const f64x2 0 0))
        (local.set $s3 (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $done
          (loop $loop
            (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $xv (v128.load align=8 (i32.add (local.get $v) (local.get $o))))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $xv) (v128.load align=8 (i32.add (local.get $c0) (local.get $o))))))
            (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $xv) (v128.load align=8 (i32.add (local.get $c1) (local.get $o))))))
            (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $xv) (v128.load align=8 (i32.add (local.get $c2) (local.get $o))))))
            (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $xv) (v128.load align=8 (i32.add (local.get $c3) (local.get $o))))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $loop)))
        (local.set $r0 (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
        (local.set $r1 (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))
        (local.set $r2 (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64x2.extract_lane 1 (local.get $s2))))
        (local.set $r3 (f64.add (f64x2.extract_lane 0 (local.get $s3)) (f64x2.extract_lane 1 (local.get $s3))))
        (if (i32.lt_u (local.get $end) (local.get $n))
          (then
            (local.set $o (i32.shl (local.get $end) (i32.const 3)))
            (local.set $xs (f64.load (i32.add (local.get $v) (local.get $o))))
            (local.set $r0 (f64.add (local.get $r0) (f64.mul (local.get $xs) (f64.load (i32.add (local.get $c0) (local.get $o))))))
            (local.set $r1 (f64.add (local.get $r1) (f64.mul (local.get $xs) (f64.load (i32.add (local.get $c1) (local.get $o))))))
            (local.set $r2 (f64.add (local.get $r2) (f64.mul (local.get $xs) (f64.load (i32.add (local.get $c2) (local.get $o))))))
            (local.set $r3 (f64.add (local.get $r3) (f64.mul (local.get $xs) (f64.load (i32.add (local.get $c3) (local.get $o))))))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 3))) (local.get $r0))
        (f64.store offset=8 (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 3))) (local.get $r1))
        (f64.store offset=16 (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 3))) (local.get $r2))
        (f64.store offset=24 (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 3))) (local.get $r3))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (br $group)))
    ;; Remaining columns one at a time, summed in the same order as in a group of four, so every
    ;; entry is the same whichever group computed it (results do not depend on the column list).
    (block $rest
      (loop $one
        (br_if $rest (i32.ge_u (local.get $t) (local.get $count)))
        (local.set $c0 (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $t) (i32.const 2)))) (local.get $stride))))
        (local.set $s0 (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $done1
          (loop $loop1
            (br_if $done1 (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $s0 (f64x2.add (local.get $s0)
              (f64x2.mul (v128.load align=8 (i32.add (local.get $v) (local.get $o))) (v128.load align=8 (i32.add (local.get $c0) (local.get $o))))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $loop1)))
        (local.set $r0 (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
        (if (i32.lt_u (local.get $end) (local.get $n))
          (then
            (local.set $o (i32.shl (local.get $end) (i32.const 3)))
            (local.set $r0 (f64.add (local.get $r0)
              (f64.mul (f64.load (i32.add (local.get $v) (local.get $o))) (f64.load (i32.add (local.get $c0) (local.get $o))))))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 3))) (local.get $r0))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $one))))

  ;; gatherDots for two vectors at once: out[t] = x_{cols[t]}ᵀv and out2[t] = x_{cols[t]}ᵀw. Each
  ;; column is read once for both (two Gram columns for the memory traffic of one); every entry is
  ;; summed exactly as gatherDots sums it.
  (func (export "gatherDots2") (param $x i32) (param $v i32) (param $w i32) (param $cols i32) (param $count i32) (param $out i32) (param $out2 i32) (param $n i32)
    (local $t i32) (local $stride i32) (local $i i32) (local $end i32) (local $o i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $vv v128) (local $wv v128) (local $col v128)
    (local $vs f64) (local $ws f64) (local $cs f64) (local $ra f64) (local $rb f64)
    (local.set $stride (i32.shl (local.get $n) (i32.const 3)))
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $groups
      (loop $group
        (br_if $groups (i32.gt_u (i32.add (local.get $t) (i32.const 4)) (local.get $count)))
        (local.set $c0 (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $t) (i32.const 2)))) (local.get $stride))))
        (local.set $c1 (i32.add (local.get $x) (i32.mul (i32.load offset=4 (i32.add (local.get $cols) (i32.shl (local.get $t) (i32.const 2)))) (local.get $stride))))
        (local.set $c2 (i32.add (local.get $x) (i32.mul (i32.load offset=8 (i32.add (local.get $cols) (i32.shl (local.get $t) (i32.const 2)))) (local.get $stride))))
        (local.set $c3 (i32.add (local.get $x) (i32.mul (i32.load offset=12 (i32.add (local.get $cols) (i32.shl (local.get $t) (i32.const 2)))) (local.get $stride))))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $b0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $b1 (v128.const f64x2 0 0))
        (local.set $a2 (v128.const f64x2 0 0))
        (local.set $b2 (v128.const f64x2 0 0))
        (local.set $a3 (v128.const f64x2 0 0))
        (local.set $b3 (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $done
          (loop $loop
            (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $vv (v128.load align=8 (i32.add (local.get $v) (local.get $o))))
            (local.set $wv (v128.load align=8 (i32.add (local.get $w) (local.get $o))))
            (local.set $col (v128.load align=8 (i32.add (local.get $c0) (local.get $o))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $vv) (local.get $col))))
            (local.set $b0 (f64x2.add (local.get $b0) (f64x2.mul (local.get $wv) (local.get $col))))
            (local.set $col (v128.load align=8 (i32.add (local.get $c1) (local.get $o))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $vv) (local.get $col))))
            (local.set $b1 (f64x2.add (local.get $b1) (f64x2.mul (local.get $wv) (local.get $col))))
            (local.set $col (v128.load align=8 (i32.add (local.get $c2) (local.get $o))))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $vv) (local.get $col))))
            (local.set $b2 (f64x2.add (local.get $b2) (f64x2.mul (local.get $wv) (local.get $col))))
            (local.set $col (v128.load align=8 (i32.add (local.get $c3) (local.get $o))))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $vv) (local.get $col))))
            (local.set $b3 (f64x2.add (local.get $b3) (f64x2.mul (local.get $wv) (local.get $col))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $loop)))
        (local.set $ra (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
        (local.set $rb (f64.add (f64x2.extract_lane 0 (local.get $b0)) (f64x2.extract_lane 1 (local.get $b0))))
        (if (i32.lt_u (local.get $end) (local.get $n))
          (then
            (local.set $o (i32.shl (local.get $end) (i32.const 3)))
            (local.set $cs (f64.load (i32.add (local.get $c0) (local.get $o))))
            (local.set $ra (f64.add (local.get $ra) (f64.mul (f64.load (i32.add (local.get $v) (local.get $o))) (local.get $cs))))
            (local.set $rb (f64.add (local.get $rb) (f64.mul (f64.load (i32.add (local.get $w) (local.get $o))) (local.get $cs))))))
        (f64.store offset=0 (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 3))) (local.get $ra))
        (f64.store offset=0 (i32.add (local.get $out2) (i32.shl (local.get $t) (i32.const 3))) (local.get $rb))
        (local.set $ra (f64.add (f64x2.extract_lane 0 (local.get $a1)) (f64x2.extract_lane 1 (local.get $a1))))
        (local.set $rb (f64.add (f64x2.extract_lane 0 (local.get $b1)) (f64x2.extract_lane 1 (local.get $b1))))
        (if (i32.lt_u (local.get $end) (local.get $n))
          (then
            (local.set $o (i32.shl (local.get $end) (i32.const 3)))
            (local.set $cs (f64.load (i32.add (local.get $c1) (local.get $o))))
            (local.set $ra (f64.add (local.get $ra) (f64.mul (f64.load (i32.add (local.get $v) (local.get $o))) (local.get $cs))))
            (local.set $rb (f64.add (local.get $rb) (f64.mul (f64.load (i32.add (local.get $w) (local.get $o))) (local.get $cs))))))
        (f64.store offset=8 (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 3))) (local.get $ra))
        (f64.store offset=8 (i32.add (local.get $out2) (i32.shl (local.get $t) (i32.const 3))) (local.get $rb))
        (local.set $ra (f64.add (f64x2.extract_lane 0 (local.get $a2)) (f64x2.extract_lane 1 (local.get $a2))))
        (local.set $rb (f64.add (f64x2.extract_lane 0 (local.get $b2)) (f64x2.extract_lane 1 (local.get $b2))))
        (if (i32.lt_u (local.get $end) (local.get $n))
          (then
            (local.set $o (i32.shl (local.get $end) (i32.const 3)))
            (local.set $cs (f64.load (i32.add (local.get $c2) (local.get $o))))
            (local.set $ra (f64.add (local.get $ra) (f64.mul (f64.load (i32.add (local.get $v) (local.get $o))) (local.get $cs))))
            (local.set $rb (f64.add (local.get $rb) (f64.mul (f64.load (i32.add (local.get $w) (local.get $o))) (local.get $cs))))))
        (f64.store offset=16 (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 3))) (local.get $ra))
        (f64.store offset=16 (i32.add (local.get $out2) (i32.shl (local.get $t) (i32.const 3))) (local.get $rb))
        (local.set $ra (f64.add (f64x2.extract_lane 0 (local.get $a3)) (f64x2.extract_lane 1 (local.get $a3))))
        (local.set $rb (f64.add (f64x2.extract_lane 0 (local.get $b3)) (f64x2.extract_lane 1 (local.get $b3))))
        (if (i32.lt_u (local.get $end) (local.get $n))
          (then
            (local.set $o (i32.shl (local.get $end) (i32.const 3)))
            (local.set $cs (f64.load (i32.add (local.get $c3) (local.get $o))))
            (local.set $ra (f64.add (local.get $ra) (f64.mul (f64.load (i32.add (local.get $v) (local.get $o))) (local.get $cs))))
            (local.set $rb (f64.add (local.get $rb) (f64.mul (f64.load (i32.add (local.get $w) (local.get $o))) (local.get $cs))))))
        (f64.store offset=24 (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 3))) (local.get $ra))
        (f64.store offset=24 (i32.add (local.get $out2) (i32.shl (local.get $t) (i32.const 3))) (local.get $rb))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (br $group)))
    (block $rest
      (loop $one
        (br_if $rest (i32.ge_u (local.get $t) (local.get $count)))
        (local.set $c0 (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $t) (i32.const 2)))) (local.get $stride))))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $b0 (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $done1
          (loop $loop1
            (br_if $done1 (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $col (v128.load align=8 (i32.add (local.get $c0) (local.get $o))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load align=8 (i32.add (local.get $v) (local.get $o))) (local.get $col))))
            (local.set $b0 (f64x2.add (local.get $b0) (f64x2.mul (v128.load align=8 (i32.add (local.get $w) (local.get $o))) (local.get $col))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $loop1)))
        (local.set $ra (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
        (local.set $rb (f64.add (f64x2.extract_lane 0 (local.get $b0)) (f64x2.extract_lane 1 (local.get $b0))))
        (if (i32.lt_u (local.get $end) (local.get $n))
          (then
            (local.set $o (i32.shl (local.get $end) (i32.const 3)))
            (local.set $cs (f64.load (i32.add (local.get $c0) (local.get $o))))
            (local.set $ra (f64.add (local.get $ra) (f64.mul (f64.load (i32.add (local.get $v) (local.get $o))) (local.get $cs))))
            (local.set $rb (f64.add (local.get $rb) (f64.mul (f64.load (i32.add (local.get $w) (local.get $o))) (local.get $cs))))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $t) (i32.const 3))) (local.get $ra))
        (f64.store (i32.add (local.get $out2) (i32.shl (local.get $t) (i32.const 3))) (local.get $rb))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $one))))

  ;; In place: the lower triangle of the k×k row-major matrix at $a becomes its Cholesky factor L
  ;; (row by row, each entry one dot product of two rows of L so far; the upper triangle is left
  ;; as it was). Returns 1, or 0 when a pivot falls to minPivot·(its diagonal entry) or below.
  (func (export "cholesky") (param $a i32) (param $k i32) (param $minPivot f64) (result i32)
    (local $i i32) (local $j i32) (local $ri i32) (local $rj i32) (local $rowBytes i32) (local $s f64) (local $d f64)
    (local.set $rowBytes (i32.shl (local.get $k) (i32.const 3)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $k)))
        (local.set $ri (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $j (i32.const 0))
        (local.set $rj (local.get $a))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $i)))
            (local.set $s (f64.sub
              (f64.load (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3))))
              (call $dot (local.get $ri) (local.get $rj) (local.get $j))))
            (f64.store (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3)))
              (f64.div (local.get $s) (f64.load (i32.add (local.get $rj) (i32.shl (local.get $j) (i32.const 3))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (local.set $rj (i32.add (local.get $rj) (local.get $rowBytes)))
            (br $cols)))
        (local.set $d (f64.load (i32.add (local.get $ri) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $s (f64.sub (local.get $d) (call $dot (local.get $ri) (local.get $ri) (local.get $i))))
        (if (i32.eqz (f64.gt (local.get $s) (f64.mul (local.get $minPivot) (local.get $d))))
          (then (return (i32.const 0))))
        (f64.store (i32.add (local.get $ri) (i32.shl (local.get $i) (i32.const 3))) (f64.sqrt (local.get $s)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (i32.const 1))

  ;; One coordinate-descent pass of the dense residual problem over `count` coordinates (the
  ;; loop's generic pass with ResidualProblem's coordinateGradient and update, operation for
  ;; operation: $dot and $axpy as its kernels call them, so the same β bit for bit). x: column-major
  ;; X (n rows); set: i32 coordinates; beta: f64 per listed coordinate, updated; cst: 3 f64 per
  ;; listed coordinate (‖x_j‖², λ1, λ2); r: the residual, updated. Returns max (‖x‖² + λ2)·Δβ².
  ;; One call per pass instead of two JS-to-Wasm calls per coordinate. A moved coordinate's axpy is
  ;; held until the next gradient's dot and done with it ($axpyDot: r read once for both).
  (func (export "densePass") (param $x i32) (param $n i32) (param $set i32) (param $count i32) (param $beta i32) (param $cst i32) (param $r i32) (param $pos i32) (result f64)
    (local $a i32) (local $c i32) (local $xj i32) (local $colSq f64) (local $l1 f64) (local $d2 f64) (local $old f64) (local $z f64) (local $b f64) (local $delta f64) (local $ch f64) (local $max f64) (local $held i32) (local $hx i32) (local $ha f64)
    (block $done (loop $coords
      (br_if $done (i32.ge_u (local.get $a) (local.get $count)))
      (local.set $c (i32.add (local.get $cst) (i32.mul (local.get $a) (i32.const 24))))
      (local.set $colSq (f64.load (local.get $c)))
      (local.set $d2 (f64.add (local.get $colSq) (f64.load offset=16 (local.get $c))))
      (if (f64.ne (local.get $d2) (f64.const 0)) (then
        (local.set $xj (i32.add (local.get $x) (i32.shl (i32.mul (i32.load (i32.add (local.get $set) (i32.shl (local.get $a) (i32.const 2)))) (local.get $n)) (i32.const 3))))
        (local.set $old (f64.load (i32.add (local.get $beta) (i32.shl (local.get $a) (i32.const 3)))))
        (if (local.get $held)
          (then (local.set $z (call $axpyDot (local.get $ha) (local.get $hx) (local.get $xj) (local.get $r) (local.get $n)))
                (local.set $held (i32.const 0)))
          (else (local.set $z (call $dot (local.get $xj) (local.get $r) (local.get $n)))))
        (local.set $z (f64.add (local.get $z) (f64.mul (local.get $colSq) (local.get $old))))
        (local.set $l1 (f64.load offset=8 (local.get $c)))
        (local.set $b (f64.const 0))
        (if (f64.gt (local.get $z) (local.get $l1))
          (then (local.set $b (f64.div (f64.sub (local.get $z) (local.get $l1)) (local.get $d2))))
          (else (if (i32.and (i32.eqz (local.get $pos)) (f64.lt (local.get $z) (f64.neg (local.get $l1))))
            (then (local.set $b (f64.div (f64.add (local.get $z) (local.get $l1)) (local.get $d2)))))))
        (local.set $delta (f64.sub (local.get $b) (local.get $old)))
        (if (f64.ne (local.get $delta) (f64.const 0)) (then
          (f64.store (i32.add (local.get $beta) (i32.shl (local.get $a) (i32.const 3))) (local.get $b))
          (local.set $held (i32.const 1))
          (local.set $ha (f64.neg (local.get $delta)))
          (local.set $hx (local.get $xj))
          (local.set $ch (f64.mul (f64.mul (local.get $d2) (local.get $delta)) (local.get $delta)))
          (if (f64.gt (local.get $ch) (local.get $max)) (then (local.set $max (local.get $ch))))))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br $coords)))
    (if (local.get $held) (then (call $axpy (local.get $ha) (local.get $hx) (local.get $r) (local.get $n))))
    (local.get $max))

  ;; A pass of a Gram problem over set[start …count): densePass's update with c_j (grad) for x_jᵀr and
  ;; c −= δ·G_j (p long, row-major G) for the residual's axpy. A coordinate that would move while its
  ;; Gram column is not ready (ready[j] = 0) ends the call with −1 − its position, max in out[0]
  ;; (the caller makes the column and calls again from there with that max); else returns max.
  (func (export "gramPass") (param $g i32) (param $p i32) (param $set i32) (param $start i32) (param $count i32) (param $beta i32) (param $cst i32) (param $grad i32) (param $ready i32) (param $pos i32) (param $max f64) (param $out i32) (result f64)
    (local $a i32) (local $c i32) (local $j i32) (local $colSq f64) (local $l1 f64) (local $d2 f64) (local $old f64) (local $z f64) (local $b f64) (local $delta f64) (local $ch f64)
    (local.set $a (local.get $start))
    (block $done (loop $coords
      (br_if $done (i32.ge_u (local.get $a) (local.get $count)))
      (local.set $c (i32.add (local.get $cst) (i32.mul (local.get $a) (i32.const 24))))
      (local.set $colSq (f64.load (local.get $c)))
      (local.set $d2 (f64.add (local.get $colSq) (f64.load offset=16 (local.get $c))))
      (if (f64.ne (local.get $d2) (f64.const 0)) (then
        (local.set $j (i32.load (i32.add (local.get $set) (i32.shl (local.get $a) (i32.const 2)))))
        (local.set $old (f64.load (i32.add (local.get $beta) (i32.shl (local.get $a) (i32.const 3)))))
        (local.set $z (f64.add (f64.load (i32.add (local.get $grad) (i32.shl (local.get $j) (i32.const 3)))) (f64.mul (local.get $colSq) (local.get $old))))
        (local.set $l1 (f64.load offset=8 (local.get $c)))
        (local.set $b (f64.const 0))
        (if (f64.gt (local.get $z) (local.get $l1))
          (then (local.set $b (f64.div (f64.sub (local.get $z) (local.get $l1)) (local.get $d2))))
          (else (if (i32.and (i32.eqz (local.get $pos)) (f64.lt (local.get $z) (f64.neg (local.get $l1))))
            (then (local.set $b (f64.div (f64.add (local.get $z) (local.get $l1)) (local.get $d2)))))))
        (local.set $delta (f64.sub (local.get $b) (local.get $old)))
        (if (f64.ne (local.get $delta) (f64.const 0)) (then
          (if (i32.eqz (i32.load8_u (i32.add (local.get $ready) (local.get $j)))) (then
            (f64.store (local.get $out) (local.get $max))
            (return (f64.convert_i32_s (i32.sub (i32.const -1) (local.get $a))))))
          (f64.store (i32.add (local.get $beta) (i32.shl (local.get $a) (i32.const 3))) (local.get $b))
          (call $axpy (f64.neg (local.get $delta)) (i32.add (local.get $g) (i32.shl (i32.mul (local.get $j) (local.get $p)) (i32.const 3))) (local.get $grad) (local.get $p))
          (local.set $ch (f64.mul (f64.mul (local.get $d2) (local.get $delta)) (local.get $delta)))
          (if (f64.gt (local.get $ch) (local.get $max)) (then (local.set $max (local.get $ch))))))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br $coords)))
    (local.get $max))
;; Rows of a staged column into their places: dst[slot[i]] = (src[i] − shift)·scale[i], i < n
  ;; (scale 0: no scale — a workspace's pair is at byte 0); slot holds element indices (i32) from dst. What the stats accumulator does
  ;; with each column of a chunk (a typed-array loop in TypeScript costs ~4 ns a value here).
  (func (export "scatter") (param $src i32) (param $slot i32) (param $n i32) (param $dst i32) (param $shift f64) (param $scale i32)
    (local $o i32) (local $end i32) (local $v f64)
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $v (f64.sub (f64.load (i32.add (local.get $src) (local.get $o))) (local.get $shift)))
      (if (local.get $scale) (then (local.set $v (f64.mul (local.get $v) (f64.load (i32.add (local.get $scale) (local.get $o)))))))
      (f64.store (i32.add (local.get $dst) (i32.shl (i32.load (i32.add (local.get $slot) (i32.shr_u (local.get $o) (i32.const 1)))) (i32.const 3))) (local.get $v))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $rows))))
)
