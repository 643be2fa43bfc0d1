import Foundation
import NthLayerCore

/// Who is on call for each team: a weekly rotation through a rota of four or five people, handing over on
/// Mondays at 09:00 UTC. People are drawn from a fixed pool, shuffled by the seed, each team a distinct slice
/// (the pool wraps only for catalogs with more than ~12 teams).
public struct DemoRota: Sendable {
    /// Handover instant all weeks count from: Monday 2025-01-06 09:00 UTC.
    public static let firstHandover = Date(timeIntervalSince1970: 1_736_154_000)
    public static let week: TimeInterval = 7 * 86_400

    public let rotas: [String: [String]]
    private let pool: [String]
    private let seed: UInt64

    /// Rotas for the teams of `services` (sorted by name, so adding a service of a new team late in the list
    /// changes only that team's slice if it sorts last).
    public init(services: [ServiceSpec], seed: UInt64) {
        let teams = Set(services.map(\.team).filter { !$0.isEmpty }).sorted()
        var pool = Self.people
        // Fisher–Yates with the seeded stream: deterministic and platform-independent.
        let s = DemoHash.of("people", seed: seed, salt: "rota")
        for i in stride(from: pool.count - 1, to: 0, by: -1) {
            let j = Int(DemoHash.stream(s, i) % UInt64(i + 1))
            pool.swapAt(i, j)
        }
        var rotas: [String: [String]] = [:]
        var next = 0
        for team in teams {
            let size = 4 + Int(DemoHash.of(team, seed: seed, salt: "rota-size") % 2)
            rotas[team] = (0..<size).map { pool[(next + $0) % pool.count] }
            next += size
        }
        self.rotas = rotas
        self.pool = pool
        self.seed = seed
    }

    /// A team's rota; teams outside the catalog get four people from a hashed place in the pool.
    public func rota(team: String) -> [String] {
        if let r = rotas[team] { return r }
        guard !team.isEmpty else { return [] }
        let start = Int(DemoHash.of(team, seed: seed, salt: "rota-extra") % UInt64(pool.count))
        return (0..<4).map { pool[(start + $0) % pool.count] }
    }

    /// The person on call for `team` at `time`, and when their shift ends.
    public func onCall(team: String, at time: Date) -> (person: String, until: Date)? {
        let rota = self.rota(team: team)
        guard !rota.isEmpty else { return nil }
        let weeks = (time.timeIntervalSince(Self.firstHandover) / Self.week).rounded(.down)
        let index = ((Int(weeks) % rota.count) + rota.count) % rota.count
        return (rota[index], Self.firstHandover.addingTimeInterval((weeks + 1) * Self.week))
    }

    static let people = [
        "Amara Okafor", "Lukas Becker", "Priya Raman", "Diego Alvarez", "Mei Lin", "Tomasz Nowak",
        "Fatima Haddad", "Jonas Lindqvist", "Aiko Tanaka", "Samuel Mensah", "Elena Petrova", "Rafael Costa",
        "Hannah Schmidt", "Kwame Asante", "Sofia Rossi", "Arjun Mehta", "Chloé Martin", "Oluwaseun Adeyemi",
        "Ingrid Hansen", "Mateo García", "Yuki Sato", "Nadia Benali", "Connor Walsh", "Leila Karimi",
        "Pedro Santos", "Anja Kovač", "Ravi Shankar", "Grace Mwangi", "Emil Johansson", "Zara Ahmed",
        "Marcus Brown", "Lucía Fernández", "Kenji Watanabe", "Ada Nwosu", "Felix Wagner", "Isabel Moreau",
        "Tariq Hussain", "Freya Olsen", "Hiro Nakamura", "Camila Rojas", "Viktor Horvat", "Noor Al-Sayed",
        "Ethan Clarke", "Mariam Yusuf", "Oskar Berg", "Valentina Russo", "Sipho Dlamini", "Eva Novák",
    ]
}
