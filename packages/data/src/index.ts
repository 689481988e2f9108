// Tables
export { parseTable, detectDelimiter, scanRecords, DEFAULT_MISSING, MAX_LINE_BYTES } from './csv/parseTable.js';
export { checkColumnNames } from './csv/checkColumnNames.js';
export type { ParseOptions } from './csv/parseTable.js';
export type { Table } from './csv/Table.js';

// Auto-MPG
export { loadAutoMpg } from './autoMpg/loadAutoMpg.js';
export { autoMpgRecipe } from './autoMpg/autoMpgRecipe.js';
export { parseUci, AUTO_MPG_COLUMNS } from './autoMpg/parseUci.js';
export { AUTO_MPG_DATA } from './autoMpg/autoMpgData.js';
export { STUDY, splitVerdict, studySplit, studyTable } from './autoMpg/autoMpgStudy.js';
export type { StudySplit } from './autoMpg/autoMpgStudy.js';

// Recipes and design matrices
export { buildDesign, recipeFromSpec, tokensOf } from './table/buildDesign.js';
export { checkDesignSpec } from './table/checkDesignSpec.js';
export { unnamedColumns, unnamedOf, type UnnamedColumn } from './table/unnamedColumns.js';
export { designWeights } from './table/designWeights.js';
export { MAX_FOLDS, designFolds } from './table/designFolds.js';
export type { DesignFolds } from './table/designFolds.js';
export { dataFix, formattedNumber, isDateCell, withFix, POLICY_ASKED, ZERO_BASED_ASKED } from './table/dataFix.js';
export type { DataFix, FixWords } from './table/dataFix.js';
export { DEFAULT_MAX_LEVELS, fittedReference, outputNames, sortLevels } from './recipe/steps/oneHot.js';
export { dropReason } from './recipe/steps/dropMissing.js';
export { idColumnWarning, idWarning, isIdName, leftOutWarning, levelOf, nearUniqueWarning, pointUnderDecimalComma, rangeWarning } from './recipe/inputs.js';
export { columnStd } from './table/columnStd.js';
export type { DesignSpec } from './table/buildDesign.js';
export type { DesignLimits } from './table/estimateDesign.js';
export { fitRecipe } from './recipe/fitRecipe.js';
export type { Design } from './recipe/fitRecipe.js';
export { allRowsDropped, applyRecipe, checkRecipe } from './recipe/applyRecipe.js';
export { mergeApplied, MAX_WARNINGS } from './recipe/runRecipe.js';
export type { Tally } from './recipe/tally.js';
export { compileRecipe } from './recipe/compileRecipe.js';
export { featureSources } from './recipe/featureSources.js';
export type { FeatureSource } from './recipe/featureSources.js';
export { recipeToSql } from './recipe/recipeToSql.js';
export type { RecipeSql } from './recipe/recipeToSql.js';
export type { SqlFunctions } from './recipe/steps/StepDefinition.js';
export type { CompiledRecipe } from './recipe/compileRecipe.js';
export type { Applied, ApplyOptions } from './recipe/applyRecipe.js';
export type { Recipe, RecipeInput, RecipeReport, RecipeStep } from './recipe/Recipe.js';
export { quantile } from './recipe/quantile.js';
export { numberParser, parseDecimalComma, parseNumber, unusableNumber, type DecimalMark } from './recipe/parseNumber.js';

// Splits
export { numpyPermutation } from './split/numpyPermutation.js';
export { Mt19937 } from './split/Mt19937.js';
export { trainTestSplit, repeatedSplits } from './split/trainTestSplit.js';
export { foldsShortfall } from './split/foldsShortfall.js';
export type { Split, SplitOptions } from './split/trainTestSplit.js';
export { evaluateSplits, scoreSplit } from './workflow/evaluateSplits.js';
export type { Fitter, MetricSummary, SplitMetrics } from './workflow/evaluateSplits.js';

// Errors
export { DataError, quote, thousands } from './errors.js';
export type { DataLocation } from './errors.js';

// Training a model file (workflow: a recipe's design fitted by core, packed with its recipe)
export { trainModel } from './workflow/trainModel.js';
export type { TrainOptions, Trained } from './workflow/trainModel.js';
export { intervalsFor, CALIBRATION_FRACTION } from './workflow/intervalsFor.js';
export { trainSparse } from './workflow/trainSparse.js';
export type { IntervalChoice } from './workflow/intervalsFor.js';
export { packModel, solverOptions } from './workflow/packModel.js';
export type { PackOptions, SolverChoices } from './workflow/packModel.js';
export { buildNumericDesign } from './table/buildNumericDesign.js';
export type { NumericDesignSpec } from './table/buildNumericDesign.js';

// Sparse designs: svmlight / libsvm and Matrix Market files, read into CSC without a dense step
export { readSvmlight, readSvmlightForModel } from './sparse/readSvmlight.js';
export type { SvmlightOptions } from './sparse/readSvmlight.js';
export { readMatrixMarket, readTarget } from './sparse/readMatrixMarket.js';
export type { MatrixMarketOptions } from './sparse/readMatrixMarket.js';
export type { SparseData, SparseLimits } from './sparse/SparseData.js';
export { DEFAULT_MAX_SPARSE_FEATURES, cscFromTriplets } from './sparse/SparseData.js';
