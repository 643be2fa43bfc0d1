import Dispatch
import Foundation
import NthLayerCore

/// The explorer's event loop without a terminal: a serial queue plays the UI thread, frames are
/// painted into a `MemorySurface`. Same reducer, renderer, diff painter and background sources as
/// the ncurses app, so benchmarks (keystroke → painted latency while refreshing, bytes per frame)
/// measure the real path minus the terminal write.
///
/// `@unchecked Sendable`: every mutable field is touched only on `queue` (confinement), which is
/// the same discipline the terminal app gets from the main actor.
public final class HeadlessExplorer: @unchecked Sendable {
    public let queue = DispatchQueue(label: "nthlayer.headless.ui")
    private var state: ExplorerState
    private var surface: MemorySurface
    private let sources: BackgroundSources

    public init(state: ExplorerState, sources: BackgroundSources, theme: Theme) {
        self.state = state
        self.sources = sources
        self.surface = MemorySurface(theme: theme)
    }

    /// Handles one event on the UI queue, then paints a frame; `painted` gets the bytes written.
    public func send(_ event: Event, painted: (@Sendable (Int) -> Void)? = nil) {
        queue.async {
            let effects = Reducer.reduce(&self.state, event)
            for effect in effects {
                if case let .fetch(id, generation) = effect {
                    self.sources.fetch(id, generation: generation, services: self.state.services) { result in
                        self.send(result)
                    }
                }
            }
            let bytes = self.surface.paint(Renderer.render(self.state))
            painted?(bytes)
        }
    }

    /// Reads the state on the UI queue.
    public func inspect<T>(_ body: (ExplorerState) -> T) -> T { queue.sync { body(state) } }
}
