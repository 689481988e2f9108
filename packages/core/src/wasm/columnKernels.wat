;; lassokit's column kernels (WebAssembly 128-bit SIMD, f64x2): a column's moments and its centring
;; and scaling, as a problem is prepared (prepareProblem: every column of X once, before anything
;; else). Their sums run in several f64x2 accumulators, not one: a pass over 20,000 × 50 took 0.42
;; ms a kernel with one (shiftScale, then, bound by its addition's latency), then 0.38 (moments,
;; bound by its seven vector operations a pair) and 0.19 (shiftScale at the speed of a copy; 0.30
;; since it also takes the column's product with ỹ, which a gemvT took 0.21 ms to make). Instantiated
;; over the same memory as a workspace's kernels.wat instance, on first use. Assembled by
;; scripts/wasm.mjs into columnKernelsWasm.ts. Pointers are byte offsets; vectors f64.
(module
  (import "env" "memory" (memory 1))

  ;; Column moments about a shift m, for centring and scaling (the corrected two-pass moments when
  ;; m is near the mean): out[0] = Σ (x[i] − m), out[1] = Σ (x[i] − m)²; returns max |x[i]| (i < n).
  ;; Four values a step in two accumulators each, then pairs, then the odd one.
  (func (export "moments") (param $x i32) (param $n i32) (param $m f64) (param $out i32) (result f64)
    (local $p i32) (local $end4 i32) (local $end2 i32)
    (local $mv v128) (local $v v128) (local $d v128) (local $x0 v128)
    (local $s0 v128) (local $s1 v128) (local $q0 v128) (local $q1 v128) (local $r1 f64) (local $r2 f64) (local $a f64) (local $e f64)
    (local.set $mv (f64x2.splat (local.get $m)))
    (local.set $p (local.get $x))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done (loop $fours
      (br_if $done (i32.ge_u (local.get $p) (local.get $end4)))
      (local.set $v (v128.load align=8 (local.get $p)))
      (local.set $x0 (f64x2.pmax (local.get $x0) (f64x2.abs (local.get $v))))
      (local.set $d (f64x2.sub (local.get $v) (local.get $mv)))
      (local.set $s0 (f64x2.add (local.get $s0) (local.get $d)))
      (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $d) (local.get $d))))
      (local.set $v (v128.load offset=16 align=8 (local.get $p)))
      (local.set $x0 (f64x2.pmax (local.get $x0) (f64x2.abs (local.get $v))))
      (local.set $d (f64x2.sub (local.get $v) (local.get $mv)))
      (local.set $s1 (f64x2.add (local.get $s1) (local.get $d)))
      (local.set $q1 (f64x2.add (local.get $q1) (f64x2.mul (local.get $d) (local.get $d))))
      (local.set $p (i32.add (local.get $p) (i32.const 32)))
      (br $fours)))
    (block $done2 (loop $pairs
      (br_if $done2 (i32.ge_u (local.get $p) (local.get $end2)))
      (local.set $v (v128.load align=8 (local.get $p)))
      (local.set $x0 (f64x2.pmax (local.get $x0) (f64x2.abs (local.get $v))))
      (local.set $d (f64x2.sub (local.get $v) (local.get $mv)))
      (local.set $s0 (f64x2.add (local.get $s0) (local.get $d)))
      (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $d) (local.get $d))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $pairs)))
    (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
    (local.set $q0 (f64x2.add (local.get $q0) (local.get $q1)))
    (local.set $r1 (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
    (local.set $r2 (f64.add (f64x2.extract_lane 0 (local.get $q0)) (f64x2.extract_lane 1 (local.get $q0))))
    (local.set $a (f64.max (f64x2.extract_lane 0 (local.get $x0)) (f64x2.extract_lane 1 (local.get $x0))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $e (f64.load (local.get $p)))
        (local.set $a (f64.max (local.get $a) (f64.abs (local.get $e))))
        (local.set $e (f64.sub (local.get $e) (local.get $m)))
        (local.set $r1 (f64.add (local.get $r1) (local.get $e)))
        (local.set $r2 (f64.add (local.get $r2) (f64.mul (local.get $e) (local.get $e))))))
    (f64.store (local.get $out) (local.get $r1))
    (f64.store offset=8 (local.get $out) (local.get $r2))
    (local.get $a))

  ;; x[i] ← (x[i] − shift)·f in place (i < n); returns Σ x[i]² afterwards and stores Σ x[i]·y[i]
  ;; afterwards at out: a column's scaling and its product with ỹ in one pass (the product was a
  ;; gemvT, another pass over X: 20,000 × 50, 0.20 + 0.21 → 0.30 ms). The product is summed in the
  ;; order of kernels.wat's dot — two accumulators, four values a step, the last n mod 4 one by one
  ;; — so it equals gemvT's to the bit (a solver that later recomputes Xᵀr by gemvT finds the same
  ;; gradient at alphaMax); y may be x itself (read after it is written). The squares: eight values
  ;; a step in four accumulators, then pairs, then the odd one. (Also finding max |x[i]| here, as
  ;; scaleMax does, took 0.77 ms: its chain of maxima and the registers it takes.)
  (func (export "shiftScale") (param $x i32) (param $n i32) (param $shift f64) (param $f f64) (param $y i32) (param $out i32) (result f64)
    (local $p i32) (local $u i32) (local $end8 i32) (local $end4 i32) (local $end2 i32) (local $end i32)
    (local $sv v128) (local $fv v128) (local $v v128)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128) (local $d0 v128) (local $d1 v128)
    (local $r f64) (local $s f64) (local $e f64)
    (local.set $sv (f64x2.splat (local.get $shift)))
    (local.set $fv (f64x2.splat (local.get $f)))
    (local.set $p (local.get $x))
    (local.set $u (local.get $y))
    (local.set $end8 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 3))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $done (loop $eights
      (br_if $done (i32.ge_u (local.get $p) (local.get $end8)))
      (local.set $v (v128.load align=8 (local.get $p)))
      (local.set $v (f64x2.mul (f64x2.sub (local.get $v) (local.get $sv)) (local.get $fv)))
      (v128.store align=8 (local.get $p) (local.get $v))
      (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $d0 (f64x2.add (local.get $d0) (f64x2.mul (local.get $v) (v128.load align=8 (local.get $u)))))
      (local.set $v (v128.load offset=16 align=8 (local.get $p)))
      (local.set $v (f64x2.mul (f64x2.sub (local.get $v) (local.get $sv)) (local.get $fv)))
      (v128.store offset=16 align=8 (local.get $p) (local.get $v))
      (local.set $q1 (f64x2.add (local.get $q1) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $d1 (f64x2.add (local.get $d1) (f64x2.mul (local.get $v) (v128.load offset=16 align=8 (local.get $u)))))
      (local.set $v (v128.load offset=32 align=8 (local.get $p)))
      (local.set $v (f64x2.mul (f64x2.sub (local.get $v) (local.get $sv)) (local.get $fv)))
      (v128.store offset=32 align=8 (local.get $p) (local.get $v))
      (local.set $q2 (f64x2.add (local.get $q2) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $d0 (f64x2.add (local.get $d0) (f64x2.mul (local.get $v) (v128.load offset=32 align=8 (local.get $u)))))
      (local.set $v (v128.load offset=48 align=8 (local.get $p)))
      (local.set $v (f64x2.mul (f64x2.sub (local.get $v) (local.get $sv)) (local.get $fv)))
      (v128.store offset=48 align=8 (local.get $p) (local.get $v))
      (local.set $q3 (f64x2.add (local.get $q3) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $d1 (f64x2.add (local.get $d1) (f64x2.mul (local.get $v) (v128.load offset=48 align=8 (local.get $u)))))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (local.set $u (i32.add (local.get $u) (i32.const 64)))
      (br $eights)))
    ;; Pairs: the product's accumulators take those of a last whole four (d0 then d1), not the rest.
    (block $done2 (loop $pairs
      (br_if $done2 (i32.ge_u (local.get $p) (local.get $end2)))
      (local.set $v (v128.load align=8 (local.get $p)))
      (local.set $v (f64x2.mul (f64x2.sub (local.get $v) (local.get $sv)) (local.get $fv)))
      (v128.store align=8 (local.get $p) (local.get $v))
      (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $v) (local.get $v))))
      (if (i32.lt_u (local.get $p) (local.get $end4))
        (then
          (local.set $d0 (f64x2.add (local.get $d0) (f64x2.mul (local.get $v) (v128.load align=8 (local.get $u)))))
          (local.set $v (local.get $d0)) (local.set $d0 (local.get $d1)) (local.set $d1 (local.get $v))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $u (i32.add (local.get $u) (i32.const 16)))
      (br $pairs)))
    (local.set $q0 (f64x2.add (f64x2.add (local.get $q0) (local.get $q1)) (f64x2.add (local.get $q2) (local.get $q3))))
    (local.set $r (f64.add (f64x2.extract_lane 0 (local.get $q0)) (f64x2.extract_lane 1 (local.get $q0))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $e (f64.load (local.get $p)))
        (local.set $e (f64.mul (f64.sub (local.get $e) (local.get $shift)) (local.get $f)))
        (f64.store (local.get $p) (local.get $e))
        (local.set $r (f64.add (local.get $r) (f64.mul (local.get $e) (local.get $e))))))
    (local.set $d0 (f64x2.add (local.get $d0) (local.get $d1)))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $d0)) (f64x2.extract_lane 1 (local.get $d0))))
    ;; The last n mod 4 products one by one, as dot's tail (the values written above).
    (local.set $u (i32.add (local.get $y) (i32.sub (local.get $end4) (local.get $x))))
    (local.set $p (local.get $end4))
    (block $done3 (loop $tail
      (br_if $done3 (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $p)) (f64.load (local.get $u)))))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (local.set $u (i32.add (local.get $u) (i32.const 8)))
      (br $tail)))
    (f64.store (local.get $out) (local.get $s))
    (local.get $r))

  ;; x[i] ← x[i]·f in place (i < n); returns Σ x[i]² afterwards and stores max |x[i]| before (the
  ;; raw values) at out: a column neither centred nor standardized, scaled in the pass that checks
  ;; it (moments and shiftScale were two passes). Eight values a step in four accumulators, then
  ;; pairs, then the odd one.
  (func (export "scaleMax") (param $x i32) (param $n i32) (param $f f64) (param $out i32) (result f64)
    (local $p i32) (local $end8 i32) (local $end2 i32) (local $fv v128) (local $v v128) (local $m v128)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128) (local $r f64) (local $e f64) (local $mx f64)
    (local.set $fv (f64x2.splat (local.get $f)))
    (local.set $p (local.get $x))
    (local.set $end8 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done (loop $eights
      (br_if $done (i32.ge_u (local.get $p) (local.get $end8)))
      (local.set $v (v128.load align=8 (local.get $p)))
      (local.set $m (f64x2.pmax (local.get $m) (f64x2.abs (local.get $v))))
      (local.set $v (f64x2.mul (local.get $v) (local.get $fv)))
      (v128.store align=8 (local.get $p) (local.get $v))
      (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $v (v128.load offset=16 align=8 (local.get $p)))
      (local.set $m (f64x2.pmax (local.get $m) (f64x2.abs (local.get $v))))
      (local.set $v (f64x2.mul (local.get $v) (local.get $fv)))
      (v128.store offset=16 align=8 (local.get $p) (local.get $v))
      (local.set $q1 (f64x2.add (local.get $q1) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $v (v128.load offset=32 align=8 (local.get $p)))
      (local.set $m (f64x2.pmax (local.get $m) (f64x2.abs (local.get $v))))
      (local.set $v (f64x2.mul (local.get $v) (local.get $fv)))
      (v128.store offset=32 align=8 (local.get $p) (local.get $v))
      (local.set $q2 (f64x2.add (local.get $q2) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $v (v128.load offset=48 align=8 (local.get $p)))
      (local.set $m (f64x2.pmax (local.get $m) (f64x2.abs (local.get $v))))
      (local.set $v (f64x2.mul (local.get $v) (local.get $fv)))
      (v128.store offset=48 align=8 (local.get $p) (local.get $v))
      (local.set $q3 (f64x2.add (local.get $q3) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br $eights)))
    (block $done2 (loop $pairs
      (br_if $done2 (i32.ge_u (local.get $p) (local.get $end2)))
      (local.set $v (v128.load align=8 (local.get $p)))
      (local.set $m (f64x2.pmax (local.get $m) (f64x2.abs (local.get $v))))
      (local.set $v (f64x2.mul (local.get $v) (local.get $fv)))
      (v128.store align=8 (local.get $p) (local.get $v))
      (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $pairs)))
    (local.set $q0 (f64x2.add (f64x2.add (local.get $q0) (local.get $q1)) (f64x2.add (local.get $q2) (local.get $q3))))
    (local.set $r (f64.add (f64x2.extract_lane 0 (local.get $q0)) (f64x2.extract_lane 1 (local.get $q0))))
    (local.set $mx (f64.max (f64x2.extract_lane 0 (local.get $m)) (f64x2.extract_lane 1 (local.get $m))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $e (f64.load (local.get $p)))
        (local.set $mx (f64.max (local.get $mx) (f64.abs (local.get $e))))
        (local.set $e (f64.mul (local.get $e) (local.get $f)))
        (f64.store (local.get $p) (local.get $e))
        (local.set $r (f64.add (local.get $r) (f64.mul (local.get $e) (local.get $e))))))
    (f64.store (local.get $out) (local.get $mx))
    (local.get $r)))
