;; lassokit's α kernel: a whole α of a Gram problem by plain coordinate-descent passes and checks
;; in one call (CoordinateDescent's setSolve, GramProblem.solveOnSet), where the per-α loop in
;; TypeScript costs more than the passes — kernels.wat has no room for it (Chromium compiles a module
;; synchronously only up to 4 KB). Instantiated over the same memory as a workspace's kernels.wat
;; instance, whose gramPass it calls through a table, on first use. Assembled by scripts/wasm.mjs into
;; alphaKernelsWasm.ts. Pointers are byte offsets; vectors f64, index lists i32.
(module
  (import "env" "memory" (memory 1))
  ;; kernels.wat's gramPass (the same instance's: the same memory), as entry 0 of a table: a
  ;; function import would make V8 compile a call wrapper for a JavaScript callee with the module
  ;; (~1–2 ms of a first path), which a table entry does not.
  (type $gramPass (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 f64 i32) (result f64)))
  (import "env" "passes" (table 1 funcref))

  ;; x^k for k ≥ 0, by squaring.
  (func $powi (param $x f64) (param $k i32) (result f64)
    (local $r f64)
    (local.set $r (f64.const 1))
    (block $done (loop $bits
      (br_if $done (i32.eqz (local.get $k)))
      (if (i32.and (local.get $k) (i32.const 1)) (then (local.set $r (f64.mul (local.get $r) (local.get $x)))))
      (local.set $x (f64.mul (local.get $x) (local.get $x)))
      (local.set $k (i32.shr_u (local.get $k) (i32.const 1)))
      (br $bits)))
    (local.get $r))

  ;; One α of a Gram problem by plain cyclic passes (gramPass) over set[0 …count), every column of
  ;; the set ready and the penalty uniform (λ1 = l1, λ2 = l2 for every listed coordinate; β = 0 off
  ;; the set). A check follows each pass whose largest weighted change is at most innerTol (once
  ;; innerTol is down to innerFloor, only after p visits since the last check): the KKT conditions
  ;; off the set (inSet: one byte per coordinate), then the duality gap at the residual as
  ;; dualityGap makes it; a failed check tightens innerTol tenfold (to innerFloor at most). Returns 1
  ;; converged (gap ≤ tol·primal + floor), 2 where a coordinate off the set violates its KKT
  ;; condition, 3 where a set column was not ready (the pass cut short there), 0 after maxPasses
  ;; passes or once the passes' rate (the last two changes' ratio, from the third pass) would not
  ;; bring the change to innerTol within them. out[0] the last gap (∞ before any), out[1] its primal
  ;; objective, out[2] passes.
  (func (export "gramSolve") (param $g i32) (param $p i32) (param $set i32) (param $count i32) (param $beta i32) (param $cst i32) (param $grad i32) (param $ready i32) (param $inSet i32) (param $pos i32) (param $xty i32) (param $yty f64) (param $l1 f64) (param $l2 f64) (param $innerTol f64) (param $innerFloor f64) (param $tol f64) (param $floor f64) (param $maxPasses i32) (param $out i32) (result i32)
    (local $passes i32) (local $visits i32) (local $change f64) (local $a i32) (local $j i32) (local $b f64) (local $c f64) (local $u f64) (local $v f64)
    (local $penalty f64) (local $bXty f64) (local $bc f64) (local $yTr f64) (local $rss f64) (local $primal f64)
    (local $scale f64) (local $conj f64) (local $conjTight f64) (local $dual f64) (local $other f64) (local $gap f64) (local $status i32)
    (local $last f64) (local $ratio f64)
    (local.set $gap (f64.const inf))
    (local.set $last (f64.const inf))
    (block $end (loop $round
      (br_if $end (i32.ge_u (local.get $passes) (local.get $maxPasses)))
      (local.set $change (call_indirect (type $gramPass) (local.get $g) (local.get $p) (local.get $set) (i32.const 0) (local.get $count) (local.get $beta) (local.get $cst) (local.get $grad) (local.get $ready) (local.get $pos) (f64.const 0) (local.get $out) (i32.const 0)))
      (local.set $passes (i32.add (local.get $passes) (i32.const 1)))
      (if (f64.lt (local.get $change) (f64.const 0)) (then (local.set $status (i32.const 3)) (br $end)))
      (local.set $visits (i32.add (local.get $visits) (local.get $count)))
      ;; Passes converging too slowly to reach innerTol within maxPasses at the rate of the last
      ;; two (changes shrinking by $ratio a pass): given up now rather than at maxPasses.
      (if (i32.and (i32.ge_u (local.get $passes) (i32.const 3)) (f64.gt (local.get $change) (local.get $innerTol))) (then
        (local.set $ratio (f64.div (local.get $change) (local.get $last)))
        (br_if $end (f64.ge (local.get $ratio) (f64.const 1)))
        (br_if $end (f64.gt (f64.mul (local.get $change) (call $powi (local.get $ratio) (i32.sub (local.get $maxPasses) (local.get $passes)))) (local.get $innerTol)))))
      (local.set $last (local.get $change))
      (br_if $round (f64.gt (local.get $change) (local.get $innerTol)))
      (br_if $round (i32.and (f64.le (local.get $innerTol) (local.get $innerFloor)) (i32.lt_u (local.get $visits) (local.get $p))))
      (local.set $visits (i32.const 0))
      ;; KKT off the set: |c_j| ≤ λ1 (c_j ≤ λ1 with pos).
      (local.set $j (i32.const 0))
      (block $kkt (loop $coords
        (br_if $kkt (i32.ge_u (local.get $j) (local.get $p)))
        (if (i32.eqz (i32.load8_u (i32.add (local.get $inSet) (local.get $j)))) (then
          (local.set $c (f64.load (i32.add (local.get $grad) (i32.shl (local.get $j) (i32.const 3)))))
          (local.set $u (select (local.get $c) (f64.abs (local.get $c)) (local.get $pos)))
          (if (f64.gt (local.get $u) (local.get $l1)) (then (local.set $status (i32.const 2)) (br $end)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $coords)))
      ;; The penalty and the residual's moments (yᵀr = yᵀy − βᵀXᵀy, ‖r‖² = yᵀr − βᵀc) over the set,
      ;; and the scale that brings every listed |c_j| within λ1 (off the set they are within; none
      ;; where λ1 = 0, as in dualityGap).
      (local.set $penalty (f64.const 0))
      (local.set $bXty (f64.const 0))
      (local.set $bc (f64.const 0))
      (local.set $scale (f64.const 1))
      (local.set $a (i32.const 0))
      (block $sums (loop $listed
        (br_if $sums (i32.ge_u (local.get $a) (local.get $count)))
        (local.set $j (i32.load (i32.add (local.get $set) (i32.shl (local.get $a) (i32.const 2)))))
        (local.set $b (f64.load (i32.add (local.get $beta) (i32.shl (local.get $a) (i32.const 3)))))
        (local.set $c (f64.load (i32.add (local.get $grad) (i32.shl (local.get $j) (i32.const 3)))))
        (if (f64.ne (local.get $b) (f64.const 0)) (then
          (local.set $penalty (f64.add (local.get $penalty) (f64.add (f64.mul (local.get $l1) (f64.abs (local.get $b))) (f64.mul (f64.mul (f64.mul (f64.const 0.5) (local.get $l2)) (local.get $b)) (local.get $b)))))
          (local.set $bXty (f64.add (local.get $bXty) (f64.mul (local.get $b) (f64.load (i32.add (local.get $xty) (i32.shl (local.get $j) (i32.const 3)))))))
          (local.set $bc (f64.add (local.get $bc) (f64.mul (local.get $b) (local.get $c))))))
        (local.set $u (select (local.get $c) (f64.abs (local.get $c)) (local.get $pos)))
        (if (i32.and (f64.gt (local.get $l1) (f64.const 0)) (f64.gt (f64.mul (local.get $u) (local.get $scale)) (local.get $l1))) (then (local.set $scale (f64.div (local.get $l1) (local.get $u)))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $listed)))
      (local.set $yTr (f64.sub (local.get $yty) (local.get $bXty)))
      (local.set $rss (f64.max (f64.sub (local.get $yTr) (local.get $bc)) (f64.const 0)))
      (local.set $primal (f64.add (f64.mul (f64.const 0.5) (local.get $rss)) (local.get $penalty)))
      (if (f64.eq (local.get $l2) (f64.const 0))
        (then
          ;; The Lasso: θ = s·r.
          (local.set $dual (f64.sub (f64.mul (local.get $scale) (local.get $yTr)) (f64.mul (f64.mul (f64.mul (f64.const 0.5) (local.get $scale)) (local.get $scale)) (local.get $rss)))))
        (else
          ;; With a ridge term: θ = r with the conjugates (|c_j| − λ1)₊²/(2λ2), or θ = s·r, where
          ;; they are 0; the better bound.
          (local.set $conj (f64.const 0))
          (local.set $conjTight (f64.const 0))
          (local.set $a (i32.const 0))
          (block $cdone (loop $conjugates
            (br_if $cdone (i32.ge_u (local.get $a) (local.get $count)))
            (local.set $c (f64.load (i32.add (local.get $grad) (i32.shl (i32.load (i32.add (local.get $set) (i32.shl (local.get $a) (i32.const 2)))) (i32.const 3)))))
            (local.set $u (select (local.get $c) (f64.abs (local.get $c)) (local.get $pos)))
            (local.set $v (f64.sub (local.get $u) (local.get $l1)))
            (if (f64.gt (local.get $v) (f64.const 0)) (then (local.set $conj (f64.add (local.get $conj) (f64.div (f64.mul (local.get $v) (local.get $v)) (f64.mul (f64.const 2) (local.get $l2)))))))
            (local.set $v (f64.sub (f64.mul (local.get $u) (local.get $scale)) (local.get $l1)))
            (if (f64.gt (local.get $v) (f64.const 0)) (then (local.set $conjTight (f64.add (local.get $conjTight) (f64.div (f64.mul (local.get $v) (local.get $v)) (f64.mul (f64.const 2) (local.get $l2)))))))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $conjugates)))
          (local.set $dual (f64.sub (f64.sub (local.get $yTr) (f64.mul (f64.const 0.5) (local.get $rss))) (local.get $conj)))
          (local.set $other (f64.sub (f64.sub (f64.mul (local.get $scale) (local.get $yTr)) (f64.mul (f64.mul (f64.mul (f64.const 0.5) (local.get $scale)) (local.get $scale)) (local.get $rss))) (local.get $conjTight)))
          (if (f64.gt (local.get $other) (local.get $dual)) (then (local.set $dual (local.get $other))))))
      (local.set $gap (f64.sub (local.get $primal) (local.get $dual)))
      (if (f64.le (local.get $gap) (f64.add (f64.mul (local.get $tol) (local.get $primal)) (local.get $floor))) (then (local.set $status (i32.const 1)) (br $end)))
      (local.set $innerTol (f64.max (f64.mul (local.get $innerTol) (f64.const 0.1)) (local.get $innerFloor)))
      (br $round)))
    (f64.store (local.get $out) (local.get $gap))
    (f64.store offset=8 (local.get $out) (local.get $primal))
    (f64.store offset=16 (local.get $out) (f64.convert_i32_u (local.get $passes)))
    (local.get $status))
)
