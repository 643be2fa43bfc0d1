/// The template for every technology. Each technology's content lives in its own file as a static
/// property of this enum; the exhaustive switch makes a new `Technology` case fail to compile until
/// it has a template.
public enum TechnologyCatalog {
    public static func template(for technology: Technology) -> TechnologyTemplate {
        switch technology {
        case .postgresql: return postgresql
        case .mysql: return mysql
        case .redis: return redis
        case .mongodb: return mongodb
        case .elasticsearch: return elasticsearch
        case .kafka: return kafka
        case .rabbitmq: return rabbitmq
        case .nats: return nats
        case .pulsar: return pulsar
        case .http: return http
        case .grpc: return grpc
        case .worker: return worker
        case .nginx: return nginx
        case .haproxy: return haproxy
        case .traefik: return traefik
        case .consul: return consul
        case .etcd: return etcd
        case .memcached: return memcached
        }
    }
}
