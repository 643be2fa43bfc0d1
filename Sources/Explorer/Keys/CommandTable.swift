import Foundation

/// The `:` commands and their aliases. Parsing only; the reducer carries them out.
public enum Command: Sendable, Hashable {
    case services(filter: String?)
    case slo(service: String?)
    case deps(service: String?)
    case drift(service: String?)
    case theme(String?)
    case team(String?)
    case help
    case quit
}

public struct CommandInfo: Sendable {
    public var name: String
    public var aliases: [String]
    public var argument: String?
    public var summary: String
    let make: @Sendable (String?) -> Command
}

public enum CommandTable {
    public static let commands: [CommandInfo] = [
        CommandInfo(name: "services", aliases: ["svc", "s"], argument: "[filter]",
                    summary: "services table, filtered") { .services(filter: $0) },
        CommandInfo(name: "slo", aliases: ["burn"], argument: "[service]",
                    summary: "SLO burn of a service") { .slo(service: $0) },
        CommandInfo(name: "deps", aliases: ["dep", "tree"], argument: "[service]",
                    summary: "dependency tree of a service") { .deps(service: $0) },
        CommandInfo(name: "drift", aliases: ["d"], argument: "[service]",
                    summary: "drift findings of a service (none: every service)") { .drift(service: $0) },
        CommandInfo(name: "theme", aliases: [], argument: "<name>", summary: "switch theme") { .theme($0) },
        CommandInfo(name: "team", aliases: [], argument: "<name>", summary: "filter services by team") { .team($0) },
        CommandInfo(name: "help", aliases: ["h"], argument: nil, summary: "key and command help") { _ in .help },
        CommandInfo(name: "quit", aliases: ["q", "q!"], argument: nil, summary: "quit") { _ in .quit },
    ]

    /// `svc pay` → `.services(filter: "pay")`; nil for an unknown command word.
    public static func parse(_ line: String) -> Command? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let word = String(trimmed.prefix { $0 != " " }).lowercased()
        let rest = trimmed.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        guard let info = commands.first(where: { $0.name == word || $0.aliases.contains(word) }) else { return nil }
        return info.make(rest.isEmpty ? nil : rest)
    }

    /// Tab completion: the command word first, then service names (or theme names for `:theme`).
    public static func complete(_ line: String, services: [String], themes: [String]) -> String {
        let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count <= 1 {
            let words = commands.flatMap { [$0.name] + $0.aliases }
            return commonCompletion(of: line, among: words) ?? line
        }
        let word = parts[0].lowercased()
        let candidates = word == "theme" ? themes : services
        if let done = commonCompletion(of: parts[1], among: candidates) { return parts[0] + " " + done }
        return line
    }

    /// The longest common extension of `prefix` among the candidates that start with it.
    static func commonCompletion(of prefix: String, among candidates: [String]) -> String? {
        let matches = candidates.filter { $0.hasPrefix(prefix) }.sorted()
        guard var common = matches.first else { return nil }
        for m in matches.dropFirst() {
            while !m.hasPrefix(common) { common.removeLast() }
        }
        return common.count >= prefix.count ? common : nil
    }
}
