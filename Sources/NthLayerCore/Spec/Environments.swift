import Foundation

/// Environment names and overlays (`--env prod`).
public enum EnvironmentName {
    /// Lower-cases and canonicalises (`production` → `prod`); nil when the name is not allowed (E501).
    public static func normalize(_ raw: String) -> String? {
        let name = raw.lowercased()
        guard !name.isEmpty, name.count <= 63, !name.contains(".."), !name.contains("/"), !name.contains("\\"),
              name.first!.isASCII, name.first!.isLetter || name.first!.isNumber,
              name.last!.isLetter || name.last!.isNumber,
              name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
        else { return nil }
        switch name {
        case "development": return "dev"
        case "stage": return "staging"
        case "production": return "prod"
        default: return name
        }
    }

    public static func invalidMessage(_ raw: String) -> String {
        "environment name \"\(raw.lowercased())\" is invalid: use a-z, 0-9 and \"-\""
    }

    /// First non-empty of the variables CI systems and platforms set (`--auto-env`).
    public static func detect(from environment: [String: String]) -> String? {
        let keys = ["NTHLAYER_ENV", "NTHLAYER_ENVIRONMENT", "ENVIRONMENT", "ENV", "DEPLOY_ENV", "K8S_NAMESPACE",
                    "NAMESPACE", "AWS_ENV", "ECS_CLUSTER", "GITHUB_REF_NAME", "CI_COMMIT_BRANCH", "CIRCLE_BRANCH",
                    "BRANCH_NAME", "ARGOCD_ENV_ENV", "FLUX_ENV"]
        for key in keys {
            guard var value = environment[key], !value.isEmpty else { continue }
            if key == "K8S_NAMESPACE" || key == "NAMESPACE", let suffix = value.split(separator: "-").last {
                value = String(suffix)
            }
            return normalize(value)
        }
        return nil
    }
}

extension SpecParser {
    /// Layers: base → inline `environments.<env>` → overlay files (later wins). Placeholders are substituted later,
    /// when fields are read, so they see the merged values.
    static func applyEnvironment(_ env: String, to root: SpecNode, dialect: SpecDialect, overlays: [EnvironmentOverlay],
                                 reader: SpecReader) -> SpecNode {
        var layers: [SpecNode] = []
        let inlineHost: SpecNode? = {
            switch dialect {
            case .flat: return root
            case .legacy: return root["environments"] != nil ? root : root["service"]
            case .openSRM: return root["spec"]
            }
        }()
        if let inline = inlineHost?["environments"]?[env] { layers.append(inline) }
        for overlay in overlays {
            switch SpecYAML.read(overlay.text, file: overlay.path) {
            case .failure(let d): reader.error(d.code, d.location, d.field, d.message)
            case .documents(let docs):
                if let doc = docs.first, doc.entries != nil { layers.append(doc) }
            }
        }
        var merged = root
        for layer in layers {
            if layer["name"] != nil || layer["service"]?["name"] != nil || layer["metadata"]?["name"] != nil {
                let loc = (layer["name"] ?? layer["service"]?["name"] ?? layer["metadata"]?["name"])!.location
                reader.error("E502", loc, "name", "an environment cannot change the service name")
            }
            switch dialect {
            case .flat:
                merged = merge(merged, layer)
            case .legacy:
                if layer["service"] != nil || layer["resources"] != nil {
                    merged = merge(merged, layer)
                } else if let service = merged["service"] {
                    merged = replacing("service", in: merged, with: merge(service, layer))
                }
            case .openSRM:
                if layer["spec"] != nil || layer["metadata"] != nil {
                    merged = merge(merged, layer)
                } else if let spec = merged["spec"] {
                    merged = replacing("spec", in: merged, with: merge(spec, layer))
                }
            }
        }
        return merged
    }

    static func replacing(_ key: String, in node: SpecNode, with value: SpecNode) -> SpecNode {
        guard var entries = node.entries, let i = entries.firstIndex(where: { $0.key == key }) else { return node }
        entries[i].value = value
        return SpecNode(kind: .mapping(entries), location: node.location)
    }

    /// Deep merge: mappings by key; `slos`, `dependencies` and `resources` lists by identity; other values replaced.
    static func merge(_ base: SpecNode, _ overlay: SpecNode, key: String = "") -> SpecNode {
        switch (base.kind, overlay.kind) {
        case (.mapping(var entries), .mapping(let over)):
            for o in over {
                if let i = entries.firstIndex(where: { $0.key == o.key }) {
                    entries[i].value = merge(entries[i].value, o.value, key: o.key)
                } else {
                    entries.append(o)
                }
            }
            return SpecNode(kind: .mapping(entries), location: base.location)
        case (.sequence(var items), .sequence(let over)) where ["slos", "dependencies", "resources"].contains(key):
            func identity(_ n: SpecNode) -> String? {
                guard let name = n["name"]?.scalar else { return n.scalar }
                return key == "resources" ? "\(n["kind"]?.scalar ?? "")/\(name)" : name
            }
            for o in over {
                if let id = identity(o), let i = items.firstIndex(where: { identity($0) == id }) {
                    items[i] = merge(items[i], o)
                } else {
                    items.append(o)
                }
            }
            return SpecNode(kind: .sequence(items), location: base.location)
        default:
            return overlay
        }
    }
}
