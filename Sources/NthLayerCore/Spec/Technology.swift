/// The technologies NthLayer knows: each gives a dashboard row and (for most) an alert group.
public enum Technology: String, Sendable, Hashable, CaseIterable, Codable {
    case postgresql, mysql, redis, mongodb, elasticsearch, kafka, rabbitmq, nats, pulsar
    case http, grpc, worker, nginx, haproxy, traefik, consul, etcd, memcached

    /// Resolves a technology name or alias (`pg`, `postgres`, `mariadb`, `mongo`, `elastic`, `redpanda`, `rabbit`).
    public init?(alias raw: String) {
        switch raw.lowercased() {
        case "pg", "postgres", "postgresql": self = .postgresql
        case "mariadb", "mysql": self = .mysql
        case "mongo", "mongodb": self = .mongodb
        case "elastic", "elasticsearch", "opensearch": self = .elasticsearch
        case "redpanda", "kafka": self = .kafka
        case "rabbit", "rabbitmq": self = .rabbitmq
        default:
            guard let t = Technology(rawValue: raw.lowercased()) else { return nil }
            self = t
        }
    }

    /// The 17 technologies of the reference with a dashboard row (memcached only names a cache kind).
    public static let withTemplates: [Technology] = allCases.filter { $0 != .memcached }

    /// The dependency type a technology implies when a spec names it without a type.
    public var impliedDependencyType: DependencyType {
        switch self {
        case .postgresql, .mysql, .redis, .mongodb, .elasticsearch, .memcached: return .datastore
        case .kafka, .rabbitmq, .nats, .pulsar: return .queue
        case .http, .grpc, .worker: return .service
        case .nginx, .haproxy, .traefik, .consul, .etcd: return .infra
        }
    }

    public var displayName: String {
        switch self {
        case .postgresql: return "PostgreSQL"
        case .mysql: return "MySQL"
        case .redis: return "Redis"
        case .mongodb: return "MongoDB"
        case .elasticsearch: return "Elasticsearch"
        case .kafka: return "Kafka"
        case .rabbitmq: return "RabbitMQ"
        case .nats: return "NATS"
        case .pulsar: return "Pulsar"
        case .http: return "HTTP"
        case .grpc: return "gRPC"
        case .worker: return "Worker"
        case .nginx: return "NGINX"
        case .haproxy: return "HAProxy"
        case .traefik: return "Traefik"
        case .consul: return "Consul"
        case .etcd: return "etcd"
        case .memcached: return "Memcached"
        }
    }
}
