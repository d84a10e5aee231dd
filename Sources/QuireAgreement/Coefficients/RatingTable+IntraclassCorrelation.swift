extension RatingTable {
    /// The six Shrout–Fleiss intraclass correlations, from the two-way ANOVA mean squares of a complete
    /// items × reviewers table of numbers (Shrout & Fleiss 1979).
    ///
    /// MSR (between items), MSC (between reviewers), MSE (residual) and MSW (within items) come from the
    /// sums of squares SS_rows = k Σ(ȳ_i − ȳ)², SS_cols = n Σ(ȳ_j − ȳ)², SS_err = SS_total − SS_rows −
    /// SS_cols and SS_within = SS_total − SS_rows. Undefined unless the level is interval or ratio and
    /// every named reviewer rated every named item, with at least 2 items and 2 reviewers.
    /// - Parameter level: the level of measurement.
    /// - Returns: the six forms, each defined unless its denominator is zero, or why none is defined.
    /// - Complexity: O(items × reviewers).
    public func intraclassCorrelation(level: MeasurementLevel) -> Statistic<ICCForms> {
        guard level == .interval || level == .ratio else { return .undefined(.needsIntervalLevel) }
        guard valueCount > 0 else { return .undefined(.noValues) }
        guard isComplete else { return .undefined(.incompleteRatings) }
        let n = items.count
        let k = reviewers.count
        guard n >= 2, k >= 2 else { return .undefined(.tooFewRatings) }

        // Values relative to the first: the mean squares are shift-invariant, and constant data then give
        // exact zeros (undefined forms) instead of rounding noise.
        let origin = categoryValues[Int(codes[0])]
        var values = [Double](repeating: 0, count: n * k)
        for cell in 0..<(n * k) { values[cell] = categoryValues[Int(codes[cell])] - origin }

        var rowMeans = [Double](repeating: 0, count: n)
        var columnMeans = [Double](repeating: 0, count: k)
        var total = 0.0
        for item in 0..<n {
            for reviewer in 0..<k {
                let value = values[item * k + reviewer]
                rowMeans[item] += value
                columnMeans[reviewer] += value
                total += value
            }
        }
        let grandMean = total / Double(n * k)
        for item in 0..<n { rowMeans[item] /= Double(k) }
        for reviewer in 0..<k { columnMeans[reviewer] /= Double(n) }

        var rowsSS = 0.0
        for mean in rowMeans { rowsSS += (mean - grandMean) * (mean - grandMean) }
        rowsSS *= Double(k)
        var columnsSS = 0.0
        for mean in columnMeans { columnsSS += (mean - grandMean) * (mean - grandMean) }
        columnsSS *= Double(n)
        var totalSS = 0.0
        for value in values { totalSS += (value - grandMean) * (value - grandMean) }
        let errorSS = totalSS - rowsSS - columnsSS
        let withinSS = totalSS - rowsSS

        let items = Double(n)
        let raters = Double(k)
        let msr = rowsSS / (items - 1)
        let msc = columnsSS / (raters - 1)
        let mse = errorSS / ((items - 1) * (raters - 1))
        let msw = withinSS / (items * (raters - 1))

        func form(_ numerator: Double, _ denominator: Double) -> Coefficient {
            .quotient(numerator, denominator, else: .zeroDenominator)
        }
        return .defined(
            ICCForms(
                icc1: form(msr - msw, msr + (raters - 1) * msw),
                icc2: form(msr - mse, msr + (raters - 1) * mse + raters * (msc - mse) / items),
                icc3: form(msr - mse, msr + (raters - 1) * mse),
                icc1k: form(msr - msw, msr),
                icc2k: form(msr - mse, msr + (msc - mse) / items),
                icc3k: form(msr - mse, msr)
            )
        )
    }
}
