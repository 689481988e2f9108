// Fitting at one penalty
export { lasso } from './fit/lasso.js';
export { elasticNet } from './fit/elasticNet.js';
export type { FitResult } from './fit/FitResult.js';
export type { CommonOptions, FitOptions, InitialCoefficients, PathOptions } from './prepare/options.js';

// Regularization paths
export { lassoPath } from './path/lassoPath.js';
export { enetPath } from './path/enetPath.js';
export type { PathResult } from './path/enetPath.js';
export { alphaGrid } from './path/alphaGrid.js';

// Cross-validation
export { lassoCV } from './cv/lassoCV.js';
export { elasticNetCV } from './cv/elasticNetCV.js';
export type { CVOptions, CVResult, CvAverage, CvCurve, CvLoss, ElasticNetCVOptions } from './cv/CVResult.js';
export { foldIds } from './cv/foldIds.js';
export { cvSummary } from './cv/cvSummary.js';
export { chosenError } from './cv/chosenError.js';

// Fits from sufficient statistics (data larger than memory, or on other machines)
export { sufficientStats } from './stats/sufficientStats.js';
export type { StatsOptions } from './stats/sufficientStats.js';
export type { FoldedStats, SufficientStats } from './stats/FoldedStats.js';
export { mergeStats, subtractStats } from './stats/combineStats.js';
export { addShiftedSums, statsFromSums } from './stats/statsFromSums.js';
export { StatsAccumulator } from './stats/StatsAccumulator.js';
export { OneHotStatsAccumulator } from './stats/OneHotStatsAccumulator.js';
export { mseFromStats } from './stats/mseFromStats.js';
export type { ShiftedSums } from './stats/statsFromSums.js';
export { elasticNetFromStats } from './stats/elasticNetFromStats.js';
export { enetPathFromStats } from './stats/enetPathFromStats.js';
export type { StatsPathOptions } from './stats/enetPathFromStats.js';
export { elasticNetCVFromStats } from './stats/elasticNetCVFromStats.js';
export type { StatsCVOptions } from './stats/elasticNetCVFromStats.js';

// Least squares for comparison
export { ols } from './ols/ols.js';
export type { OlsOptions, OlsResult } from './ols/ols.js';

// Metrics
export { r2 } from './metrics/r2.js';
export { mse } from './metrics/mse.js';
export { rmse } from './metrics/rmse.js';
export { mae } from './metrics/mae.js';
export { explainedVariance } from './metrics/explainedVariance.js';
export { maxError } from './metrics/maxError.js';

// Model files
export { toModelJSON } from './model/toModelJSON.js';
export type { FittedCoefficients, ModelMeta } from './model/toModelJSON.js';
export { fromModelJSON } from './model/fromModelJSON.js';
export { trainingCV } from './model/trainingCV.js';
export { predict } from './model/predict.js';
export type { LinearModel } from './model/predict.js';
export { MODEL_FORMAT, MODEL_SCHEMA_VERSION } from './model/ModelJSON.js';
export type { ModelJSON, ModelKind, TrainingCV, TrainingInfo, TrainingMetrics, TrainingReport } from './model/ModelJSON.js';

// Solver layers (for callers who want the kernel alone)
export { CoordinateDescent } from './solver/CoordinateDescent.js';
export type { KernelOptions, KernelResult, UpdateMode } from './solver/CoordinateDescent.js';
export type { KernelProblem } from './solver/KernelProblem.js';
export type { CdProblem } from './solver/CdProblem.js';
export { ResidualProblem } from './solver/ResidualProblem.js';
export { GramProblem } from './solver/GramProblem.js';
export { dualityGap } from './solver/dualityGap.js';

// Input, randomness, errors
export type { DenseMatrix, MatrixInput, VectorInput } from './matrix/DenseMatrix.js';
export { toDenseMatrix, MAX_DENSIFIED_CELLS } from './matrix/toDenseMatrix.js';
export type { CscMatrix } from './matrix/CscMatrix.js';
export { checkCsc, cscFromDense, cscSelectRows, cscToDense, isCsc } from './matrix/CscMatrix.js';
export { selectRows } from './matrix/selectRows.js';
export { createRng } from './random/createRng.js';
export { LassoKitError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { DEFAULTS } from './defaults.js';
/** The smallest nonzero magnitude a column or target may have (2^-500): below it their squares underflow, and fits refuse them (OUT_OF_DOMAIN). */
export { TINY as MIN_MAGNITUDE } from './prepare/prepareProblem.js';
export { VERSION } from './version.js';

// Uncertainty: prediction intervals, stability selection, the relaxed Lasso
export { splitConformal, splitConformalFromResiduals } from './intervals/splitConformal.js';
export { cvPlus } from './intervals/cvPlus.js';
export type { CvPlusSource } from './intervals/cvPlus.js';
export { predictInterval } from './intervals/predictInterval.js';
export type { ModelWithIntervals } from './intervals/predictInterval.js';
export { INTERVAL_VERSION } from './intervals/IntervalModel.js';
export type { IntervalMethod, IntervalModel, PredictionIntervals, ScoredModel } from './intervals/IntervalModel.js';
export { minimumRows as minimumIntervalRows } from './intervals/conformalRank.js';
export { stabilitySelection } from './stability/stabilitySelection.js';
export type { StabilityOptions, StabilityResult } from './stability/stabilitySelection.js';
export { stabilityReport } from './stability/stabilityReport.js';
export type { StabilityReport } from './stability/stabilityReport.js';
export { relaxedPath, relaxedCoef, MAX_LEAST_SQUARES_WORK } from './relaxed/relaxedPath.js';
export type { RelaxedPathResult } from './relaxed/relaxedPath.js';
export { relaxedLassoCV } from './relaxed/relaxedLassoCV.js';
export type { RelaxedCVOptions, RelaxedCVResult, RelaxedModel } from './relaxed/relaxedLassoCV.js';
