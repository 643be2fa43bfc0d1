import CNCursesW
import Dispatch
import Explorer
import Foundation
import NthLayerCore

/// The explorer's main loop. Everything here runs on the main queue (= the main actor): keyboard
/// input, signals, the 1 s clock and arriving source results are separate Dispatch sources, each
/// turned into an `Event` for the reducer; a frame is then scheduled (coalesced, ≤ 30 fps) and
/// painted by diff. Source fetches run on their own queues (`BackgroundSources`), so the UI never
/// waits on data.
@MainActor
public final class ExplorerApp {
    public struct Options: Sendable {
        public var themeName: String
        public var noColor: Bool
        /// After each frame drawn with no pending work, an increasing counter is written here
        /// (the end-to-end tests wait on it instead of sleeping).
        public var idleFile: String?
        public var environment: [String: String]
        public init(themeName: String, noColor: Bool, idleFile: String?, environment: [String: String]) {
            self.themeName = themeName; self.noColor = noColor; self.idleFile = idleFile; self.environment = environment
        }
    }

    private var state: ExplorerState
    private let sources: BackgroundSources
    private let options: Options
    private let catalog: ThemeCatalog
    private let clock: @Sendable () -> Date
    private var screen: CursesScreen!
    private var keepAlive: [any DispatchSourceProtocol] = []
    private var frameScheduled = false
    private var lastFrame = DispatchTime(uptimeNanoseconds: 0)
    private var idleCounter = 0
    /// NO_COLOR / --no-color: `:theme` may not bring colours back.
    private var forcedMono = false

    public init(state: ExplorerState, sources: BackgroundSources, catalog: ThemeCatalog, options: Options,
                clock: @escaping @Sendable () -> Date) {
        self.state = state; self.sources = sources; self.catalog = catalog; self.options = options; self.clock = clock
    }

    /// Takes over the terminal and never returns: quitting exits the process after restoring it.
    public func run() -> Never {
        forcedMono = options.noColor || !(options.environment["NO_COLOR"] ?? "").isEmpty
        let (theme, themeError) = catalog.theme(named: forcedMono ? "mono" : options.themeName)
        screen = CursesScreen(theme: theme, noColor: forcedMono, environment: options.environment)
        state.themeNames = catalog.names
        send(.resize(screen.size))
        for error in catalog.errors + (themeError.map { [$0] } ?? []) {
            send(.notify(.error, "theme: \(error.description) — using default"))
        }
        installSources()
        send(.tick(clock()))
        dispatchMain()
    }

    private func installSources() {
        // Keyboard: its own event source, never behind data. (No O_NONBLOCK on stdin: curses'
        // nodelay already makes get_wch non-blocking, and the flag would outlive us in the shell.)
        let input = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
        input.setEventHandler { [unowned self] in
            // Readable with no bytes = end of file: the terminal is gone (hangup). Leave rather than spin.
            let available = input.data
            MainActor.assumeIsolated {
                if available == 0 && !self.terminalAlive() { self.quit(code: 128 + SIGHUP) }
                self.readInput()
            }
        }
        input.resume()
        keepAlive.append(input)

        for sig in [SIGWINCH, SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: .main)
            src.setEventHandler { [unowned self] in
                MainActor.assumeIsolated {
                    if sig == SIGWINCH {
                        self.screen.handleResize()
                        self.send(.resize(self.screen.size))
                    } else {
                        self.quit(code: 128 + sig)
                    }
                }
            }
            src.resume()
            keepAlive.append(src)
        }

        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.schedule(deadline: .now() + 1, repeating: 1, leeway: .milliseconds(50))
        timer.setEventHandler { [unowned self] in MainActor.assumeIsolated { self.send(.tick(self.clock())) } }
        timer.resume()
        keepAlive.append(timer)
    }

    /// False once stdin has hung up (the terminal closed).
    private func terminalAlive() -> Bool {
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, 0) >= 0 else { return false }
        return fds.revents & Int16(POLLHUP | POLLERR | POLLNVAL) == 0
    }

    private func readInput() {
        let (keys, resized) = screen.readKeys()
        if resized {
            screen.handleResize()
            send(.resize(screen.size))
        }
        for key in keys { send(.key(key)) }
        // Even a key that changes nothing gets a frame, so the idle counter proves it was handled.
        scheduleFrame()
    }

    /// Runs one event through the reducer and carries out its effects.
    public func send(_ event: Event) {
        for effect in Reducer.reduce(&state, event) { perform(effect) }
        scheduleFrame()
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case let .fetch(id, generation):
            sources.fetch(id, generation: generation, services: state.services) { event in
                DispatchQueue.main.async { MainActor.assumeIsolated { self.send(event) } }
            }
        case let .applyTheme(name):
            if forcedMono {
                send(.notify(.warn, "colours are off (NO_COLOR or --no-color): staying mono"))
            } else {
                screen.setTheme(catalog.theme(named: name).0)
            }
        case .fullRepaint:
            screen.requestFullRepaint()
        case .quit:
            quit(code: 0)
        }
    }

    /// One frame per batch of events, at most 30 per second.
    private func scheduleFrame() {
        guard !frameScheduled else { return }
        frameScheduled = true
        let minGap: UInt64 = 33_000_000
        let elapsed = DispatchTime.now().uptimeNanoseconds &- lastFrame.uptimeNanoseconds
        let delay = elapsed >= minGap ? 0 : minGap - elapsed
        DispatchQueue.main.asyncAfter(deadline: .now() + .nanoseconds(Int(delay))) { [unowned self] in
            MainActor.assumeIsolated { self.drawFrame() }
        }
    }

    private func drawFrame() {
        frameScheduled = false
        // Signals can be lost: check the size every frame.
        let size = screen.size
        if size != state.size { _ = Reducer.reduce(&state, .resize(size)); screen.requestFullRepaint() }
        screen.paint(Renderer.render(state))
        lastFrame = .now()
        if !frameScheduled { signalIdle() }
    }

    private func signalIdle() {
        guard let path = options.idleFile else { return }
        idleCounter += 1
        let tmp = path + ".tmp"
        FileManager.default.createFile(atPath: tmp, contents: Data("\(idleCounter)\n".utf8))
        _ = rename(tmp, path)
    }

    private func quit(code: Int32) -> Never {
        screen.shutdown()
        exit(code)
    }
}
