import Foundation
import NthLayerCore

/// Everything that can change the explorer's state. Keys and data arrive as separate events on the
/// UI thread; neither ever waits for the other.
public enum Event: Sendable {
    case key(Key)
    case action(ActionID)
    case resize(TermSize)
    /// The clock moved (1 s ticks): ages, staleness, due refreshes, flash expiry.
    case tick(Date)
    /// A telemetry answer; `digest` carries the per-service figures when they were already worked
    /// out on the source's queue (`BackgroundSources` does), so the UI thread only copies them in.
    case telemetry(SourceResult<TelemetrySnapshot>, digest: TelemetryDigest? = nil)
    case onCall(SourceResult<[String: OnCallInfo]>)
    /// A drift evaluation, already grouped for display on the source's queue.
    case drift(SourceResult<DriftSnapshot>)
    /// Another spec directory or environment: a new generation.
    case replaceServices([ServiceSpec], label: String)
    /// A message for the flash line (theme errors, start-up warnings).
    case notify(Flash.Level, String)
}

/// What the runtime must do after a state change. The reducer never performs I/O itself.
public enum Effect: Sendable, Hashable {
    /// Start a background fetch of one source (the reducer already applied skip-if-busy).
    case fetch(sourceID: String, generation: Int)
    /// Switch to the named theme (the reducer checked that it exists).
    case applyTheme(String)
    /// Repaint every cell, not just the diff.
    case fullRepaint
    case quit
}
