import Foundation
import NthLayerCore

/// Sampled series of one SLO, the shapes a `query_range` would return: points every `step` ending exactly at
/// `now` (oldest first; `span / step` points, none at or before the epoch).
extension DemoWorld {
    /// Budget remaining (fraction, may be < 0) over the SLO's window at each point — the series trend drift reads
    /// (`slo:error_budget_remaining:ratio`). `span` defaults to the SLO window; up to 60 days of full-window
    /// history exist before `present` for a 30-day SLO.
    public func budgetHistory(for key: SLOKey, span: Window? = nil, step: Window = .hours(1), at now: Date) -> [Sample] {
        guard let slo = store.specs[key] else { return [] }
        let plan = DemoSeriesPlan(budgetSpan: span ?? slo.window, budgetStep: step, ratioSpan: nil, ratioStep: step)
        return series(model(for: key, spec: slo), slo: slo, now: now, plan: plan, clock: .identity).budget
    }

    /// Error ratio over `rateWindow` (default 5m, as `slo:sli_error:ratio_rate5m`) at each point.
    public func errorRatioHistory(for key: SLOKey, rateWindow: Window = .minutes(5), span: Window? = nil,
                                  step: Window = .hours(1), at now: Date) -> [Sample] {
        guard let slo = store.specs[key] else { return [] }
        let plan = DemoSeriesPlan(budgetSpan: nil, budgetStep: step, ratioSpan: span ?? slo.window, ratioStep: step,
                                  rateWindow: rateWindow)
        return series(model(for: key, spec: slo), slo: slo, now: now, plan: plan, clock: .identity).ratio
    }

    /// Both series in one pass. Counters on the budget grid are read once and reused: as the window ends of the
    /// budget (when the window is whole steps) and as the upper ends of the error-ratio points.
    func series(_ model: DemoSLOModel, slo: SLOSpec, now: Date, plan: DemoSeriesPlan, clock: DemoClock)
        -> (budget: [Sample], ratio: [Sample]) {
        let tables = store.tables
        let t = minutes(now)
        let allowed = slo.budgetRatio.doubleValue
        func time(_ k: Int, _ step: Window) -> Date {
            clock.wallTime(forSimulation: now.addingTimeInterval(-Double(k * step.seconds)))
        }

        // Grid at the budget step, long enough for every use below.
        let bStep = plan.budgetStep.seconds
        let nBudget = plan.budgetSpan.map { $0.seconds / bStep } ?? 0
        let windowSteps = slo.window.seconds % bStep == 0 ? slo.window.seconds / bStep : nil
        let ratioOnGrid = plan.ratioStep.seconds == bStep
        let nRatio = plan.ratioSpan.map { $0.seconds / plan.ratioStep.seconds } ?? 0
        var gridCount = nBudget + (nBudget > 0 ? (windowSteps ?? 0) : 0)
        if ratioOnGrid { gridCount = max(gridCount, nRatio + (plan.rateWindow.seconds == bStep ? 1 : 0)) }
        let stepMinutes = plan.budgetStep.minutesValue
        var grid = [DemoCounters]()
        grid.reserveCapacity(gridCount)
        for j in 0..<gridCount { grid.append(model.counters(atMinutes: t - Double(j) * stepMinutes, tables: tables)) }

        var budget = [Sample]()
        if nBudget > 0, allowed > 0 {
            budget.reserveCapacity(nBudget)
            let window = slo.window.minutesValue
            for k in stride(from: nBudget - 1, through: 0, by: -1) where t - Double(k) * stepMinutes > 0 {
                let lo = windowSteps.map { grid[k + $0] }
                    ?? model.counters(atMinutes: t - Double(k) * stepMinutes - window, tables: tables)
                if let r = DemoSLOModel.ratio(grid[k], lo) { budget.append(Sample(time: time(k, plan.budgetStep), value: 1 - r / allowed)) }
            }
        }

        var ratio = [Sample]()
        if nRatio > 0 {
            ratio.reserveCapacity(nRatio)
            let rStep = plan.ratioStep.minutesValue, rw = plan.rateWindow.minutesValue
            let lowOnGrid = ratioOnGrid && plan.rateWindow.seconds == bStep
            for k in stride(from: nRatio - 1, through: 0, by: -1) {
                let at = t - Double(k) * rStep
                guard at > 0 else { continue }
                let hi = ratioOnGrid ? grid[k] : model.counters(atMinutes: at, tables: tables)
                let lo = lowOnGrid ? grid[k + 1] : model.counters(atMinutes: at - rw, tables: tables)
                if let r = DemoSLOModel.ratio(hi, lo) { ratio.append(Sample(time: time(k, plan.ratioStep), value: r)) }
            }
        }
        return (budget, ratio)
    }
}

/// What series to sample: spans (nil = none), steps, and the rate window of the error-ratio series.
struct DemoSeriesPlan {
    var budgetSpan: Window?
    var budgetStep: Window
    var ratioSpan: Window?
    var ratioStep: Window
    var rateWindow: Window = .minutes(5)
}
