;; lassokit's sparse kernels: the sparse residual problem's pass and gradient sweep over a CSC
;; design held whole in the imported memory (see src/wasm/sparseKernels.ts). A module of its own so
;; that each stays under the 4 KB Chromium compiles synchronously on a page's main thread. Assembled
;; by scripts/wasm.mjs into sparseKernelsWasm.ts; a test checks the two agree. Pointers are byte
;; offsets; scalar code (the gathers by row do not vectorize), no bounds checks: ~3.5× the
;; TypeScript loops on Zipf-like columns.
(module
  (import "env" "memory" (memory 1))

  ;; One coordinate-descent pass of the sparse residual problem over the `count` columns listed in
  ;; `set` (see SparseResidualProblem.passOver, whose arithmetic this is, operation for operation: the
  ;; same β bit for bit). start: i32 column starts of the whole design (p + 1); row: i32 rows; val:
  ;; f64 nonzeros; cst: 6 f64 per column of the design (‖x‖², λ1, λ2, wSum/s, μ/s, unused): m's and
  ;; vr's terms without a division (the pass's columns chain through m and vr); set: i32 columns; beta: f64 per column of the design (β itself), updated; ever: u8 per column, set to 1
  ;; where a coordinate moves to a nonzero; rs: f64 residual, updated; st: f64 [m, vr, vv,
  ;; positive, zeros], m and vr updated, zeros set: how many listed coordinates are 0 after the
  ;; pass; out: f64 per listed column, β_j after the pass in the list's order (what the solver
  ;; stores for Anderson extrapolation, written here instead of gathered again). Returns max
  ;; (‖x‖² + λ2)·Δβ². Scalar: the gathers of rs by row do not vectorize; two sums (even and odd
  ;; nonzeros) so that their adds do not wait on each other.
  (func (export "sparsePass") (param $start i32) (param $row i32) (param $val i32) (param $cst i32) (param $set i32) (param $count i32) (param $beta i32) (param $ever i32) (param $rs i32) (param $st i32) (param $out i32) (result f64)
    (local $a i32) (local $j i32) (local $c i32) (local $t i32) (local $end i32) (local $m f64) (local $vr f64) (local $vv f64) (local $pos i32) (local $zeros i32) (local $bj f64)
    (local $d2 f64) (local $old f64) (local $s f64) (local $s1 f64) (local $z f64) (local $l1 f64) (local $b f64) (local $delta f64) (local $max f64) (local $ch f64)
    (local $ri i32) (local $sumS f64) (local $shiftS f64) (local $t0 i32) (local $pair i32)
    (local.set $m (f64.load (local.get $st)))
    (local.set $vr (f64.load offset=8 (local.get $st)))
    (local.set $vv (f64.load offset=16 (local.get $st)))
    (local.set $pos (f64.ne (f64.load offset=24 (local.get $st)) (f64.const 0)))
    (block $done (loop $cols
      (br_if $done (i32.ge_u (local.get $a) (local.get $count)))
      (local.set $j (i32.shl (i32.load (i32.add (local.get $set) (i32.shl (local.get $a) (i32.const 2)))) (i32.const 2)))
      (local.set $c (i32.add (local.get $cst) (i32.mul (local.get $j) (i32.const 12))))
      (local.set $d2 (f64.add (f64.load (local.get $c)) (f64.load offset=16 (local.get $c))))
      (if (f64.ne (local.get $d2) (f64.const 0)) (then
        (local.set $old (f64.load (i32.add (local.get $beta) (i32.shl (local.get $j) (i32.const 1)))))
        (local.set $t0 (i32.load (i32.add (local.get $start) (local.get $j))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $start) (local.get $j))))
        (local.set $s (f64.const 0))
        (local.set $s1 (f64.const 0))
        (local.set $t (local.get $t0))
        ;; Two sums, even and odd nonzeros, so that the adds do not wait on each other.
        (local.set $pair (i32.sub (local.get $end) (i32.and (i32.sub (local.get $end) (local.get $t0)) (i32.const 1))))
        (block $gd (loop $g
          (br_if $gd (i32.ge_u (local.get $t) (local.get $pair)))
          (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (i32.add (local.get $val) (i32.shl (local.get $t) (i32.const 3))))
                                                         (f64.load (i32.add (local.get $rs) (i32.shl (i32.load (i32.add (local.get $row) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 3)))))))
          (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load offset=8 (i32.add (local.get $val) (i32.shl (local.get $t) (i32.const 3))))
                                                         (f64.load (i32.add (local.get $rs) (i32.shl (i32.load offset=4 (i32.add (local.get $row) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 3)))))))
          (local.set $t (i32.add (local.get $t) (i32.const 2)))
          (br $g)))
        (if (i32.lt_u (local.get $t) (local.get $end)) (then
          (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (i32.add (local.get $val) (i32.shl (local.get $t) (i32.const 3))))
                                                         (f64.load (i32.add (local.get $rs) (i32.shl (i32.load (i32.add (local.get $row) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 3)))))))))
        (local.set $sumS (f64.load offset=24 (local.get $c)))
        (local.set $shiftS (f64.load offset=32 (local.get $c)))
        (local.set $z (f64.add (f64.add (f64.add (local.get $s) (local.get $s1))
            (f64.sub (f64.mul (local.get $m) (local.get $sumS)) (f64.mul (local.get $shiftS) (f64.add (local.get $vr) (f64.mul (local.get $m) (local.get $vv))))))
            (f64.mul (f64.load (local.get $c)) (local.get $old))))
        (local.set $l1 (f64.load offset=8 (local.get $c)))
        (local.set $b (f64.const 0))
        (if (f64.gt (local.get $z) (local.get $l1))
          (then (local.set $b (f64.div (f64.sub (local.get $z) (local.get $l1)) (local.get $d2))))
          (else (if (i32.and (i32.eqz (local.get $pos)) (f64.lt (local.get $z) (f64.neg (local.get $l1))))
            (then (local.set $b (f64.div (f64.add (local.get $z) (local.get $l1)) (local.get $d2)))))))
        (local.set $delta (f64.sub (local.get $b) (local.get $old)))
        (if (f64.ne (local.get $delta) (f64.const 0)) (then
          (f64.store (i32.add (local.get $beta) (i32.shl (local.get $j) (i32.const 1))) (local.get $b))
          (if (f64.ne (local.get $b) (f64.const 0)) (then (i32.store8 (i32.add (local.get $ever) (i32.shr_u (local.get $j) (i32.const 2))) (i32.const 1))))
          (local.set $t (local.get $t0))
          (block $sd (loop $sc
            (br_if $sd (i32.ge_u (local.get $t) (local.get $end)))
            (local.set $ri (i32.add (local.get $rs) (i32.shl (i32.load (i32.add (local.get $row) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 3))))
            (f64.store (local.get $ri) (f64.sub (f64.load (local.get $ri)) (f64.mul (local.get $delta) (f64.load (i32.add (local.get $val) (i32.shl (local.get $t) (i32.const 3)))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $sc)))
          (local.set $vr (f64.sub (local.get $vr) (f64.mul (local.get $delta) (local.get $sumS))))
          (local.set $m (f64.add (local.get $m) (f64.mul (local.get $delta) (local.get $shiftS))))
          (local.set $ch (f64.mul (f64.mul (local.get $d2) (local.get $delta)) (local.get $delta)))
          (if (f64.gt (local.get $ch) (local.get $max)) (then (local.set $max (local.get $ch))))))))
      (local.set $bj (f64.load (i32.add (local.get $beta) (i32.shl (local.get $j) (i32.const 1)))))
      (f64.store (i32.add (local.get $out) (i32.shl (local.get $a) (i32.const 3))) (local.get $bj))
      (if (f64.eq (local.get $bj) (f64.const 0)) (then (local.set $zeros (i32.add (local.get $zeros) (i32.const 1)))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br $cols)))
    (f64.store (local.get $st) (local.get $m))
    (f64.store offset=8 (local.get $st) (local.get $vr))
    (f64.store offset=32 (local.get $st) (f64.convert_i32_u (local.get $zeros)))
    (local.get $max))

  ;; out[row] += coef[a]·val over the nonzeros of each column set[a], a < count, zero coefficients
  ;; skipped; returns −Σ_a coef[a]·μ/s (cst of set[a]) accumulated in order — the sparse
  ;; problem's scatterList, operation for operation.
  (func (export "sparseScatter") (param $start i32) (param $row i32) (param $val i32) (param $cst i32) (param $set i32) (param $count i32) (param $coef i32) (param $out i32) (result f64)
    (local $a i32) (local $j i32) (local $t i32) (local $end i32) (local $x f64) (local $c f64) (local $o i32) (local $cc i32)
    (block $done (loop $cols
      (br_if $done (i32.ge_u (local.get $a) (local.get $count)))
      (local.set $x (f64.load (i32.add (local.get $coef) (i32.shl (local.get $a) (i32.const 3)))))
      (if (f64.ne (local.get $x) (f64.const 0)) (then
        (local.set $j (i32.shl (i32.load (i32.add (local.get $set) (i32.shl (local.get $a) (i32.const 2)))) (i32.const 2)))
        (local.set $t (i32.load (i32.add (local.get $start) (local.get $j))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $start) (local.get $j))))
        (block $sd (loop $sc
          (br_if $sd (i32.ge_u (local.get $t) (local.get $end)))
          (local.set $o (i32.add (local.get $out) (i32.shl (i32.load (i32.add (local.get $row) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 3))))
          (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.mul (local.get $x) (f64.load (i32.add (local.get $val) (i32.shl (local.get $t) (i32.const 3)))))))
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (br $sc)))
        (local.set $cc (i32.add (local.get $cst) (i32.mul (local.get $j) (i32.const 12))))
        (local.set $c (f64.sub (local.get $c) (f64.mul (local.get $x) (f64.load offset=32 (local.get $cc)))))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br $cols)))
    (local.get $c))

  ;; out[j] = (two sums of val[t]·u[row[t]] over column j's nonzeros, even and odd, as in sparsePass)
  ;; + (m·wSum_j/s_j − (μ_j/s_j)·(vu + m·vv)) for every j < p: the sparse problem's column gradient
  ;; x̃_jᵀ(u + m·v), operation for operation.
  (func (export "sparseGradient") (param $start i32) (param $row i32) (param $val i32) (param $cst i32) (param $p i32) (param $u i32) (param $out i32)
        (param $m f64) (param $vu f64) (param $vv f64)
    (local $j i32) (local $t i32) (local $end i32) (local $s f64) (local $s1 f64) (local $c i32) (local $pair i32)
    (block $done (loop $cols
      (br_if $done (i32.ge_u (local.get $j) (local.get $p)))
      (local.set $t (i32.load (i32.add (local.get $start) (i32.shl (local.get $j) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $start) (i32.shl (local.get $j) (i32.const 2)))))
      (local.set $s (f64.const 0))
      (local.set $s1 (f64.const 0))
      (local.set $pair (i32.sub (local.get $end) (i32.and (i32.sub (local.get $end) (local.get $t)) (i32.const 1))))
      (block $gd (loop $g
        (br_if $gd (i32.ge_u (local.get $t) (local.get $pair)))
        (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (i32.add (local.get $val) (i32.shl (local.get $t) (i32.const 3))))
                                                       (f64.load (i32.add (local.get $u) (i32.shl (i32.load (i32.add (local.get $row) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 3)))))))
        (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load offset=8 (i32.add (local.get $val) (i32.shl (local.get $t) (i32.const 3))))
                                                       (f64.load (i32.add (local.get $u) (i32.shl (i32.load offset=4 (i32.add (local.get $row) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 3)))))))
        (local.set $t (i32.add (local.get $t) (i32.const 2)))
        (br $g)))
      (if (i32.lt_u (local.get $t) (local.get $end)) (then
        (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (i32.add (local.get $val) (i32.shl (local.get $t) (i32.const 3))))
                                                       (f64.load (i32.add (local.get $u) (i32.shl (i32.load (i32.add (local.get $row) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 3)))))))))
      (local.set $c (i32.add (local.get $cst) (i32.mul (local.get $j) (i32.const 48))))
      (f64.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3)))
        (f64.add (f64.add (local.get $s) (local.get $s1))
          (f64.sub (f64.mul (local.get $m) (f64.load offset=24 (local.get $c)))
                   (f64.mul (f64.load offset=32 (local.get $c)) (f64.add (local.get $vu) (f64.mul (local.get $m) (local.get $vv)))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $cols)))))
