using Reference.Placement.Configuration;

namespace Reference.Placement.Clusters;

/// <summary>Turns one or more layered clusters files into a <see cref="ClusterCatalogue"/>.</summary>
internal static class ClusterCatalogueReader
{
    private static readonly string[] RootFields = ["pricesReadOn", "use", "latencyMs", "clusters"];
    private static readonly string[] ClusterFields = ["provider", "region", "location", "jurisdiction", "capacity", "prices", "registry", "postgres", "redis", "priceCheck", "secretStore"];
    private static readonly string[] SecretStoreFields = ["name", "kind", "keyPrefix"];
    private static readonly string[] PriceCheckFields = ["compute", "egress", "checkedOn", "sources"];
    private static readonly string[] CapacityFields = ["cpu", "memoryGb", "gpus"];
    private static readonly string[] PriceFields = ["cpuHour", "memoryGbHour", "gpuHour", "egress"];
    private static readonly string[] EgressFields = ["internet", "interRegion", "interCloud", "interconnect", "intraRegion"];

    public static ClusterCatalogue Read(IReadOnlyList<YamlDocument> layers)
    {
        var document = layers[0];
        foreach (var overlay in layers.Skip(1))
        {
            document.Overlay(overlay);
        }

        var root = document.Reader().ExpectMapping(RootFields);
        var pricesReadOn = root.Child("pricesReadOn")?.Date();
        var latency = ReadLatency(root.Child("latencyMs"));

        var clusters = new List<Cluster>();
        if (root.Child("clusters") is { } clustersNode)
        {
            foreach (var (name, node) in clustersNode.Entries())
            {
                if (!ResourceName.IsValid(name))
                {
                    throw node.Error($"cluster name '{name}' is not valid: {ResourceName.Rule}");
                }

                clusters.Add(ReadCluster(name, node));
            }
        }

        if (root.Child("use") is { } useNode)
        {
            var names = clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            var kept = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in useNode.Items())
            {
                var name = item.String();
                if (!names.Contains(name))
                {
                    throw item.Error($"no cluster named '{name}' in the catalogue or this file");
                }

                kept.Add(name);
            }

            clusters = clusters.Where(c => kept.Contains(c.Name)).ToList();
        }

        // A location the latency table does not know would make every latency SLO fail there: a typo, most likely.
        var known = latency.Locations;
        if (known.Count > 0)
        {
            foreach (var (name, node) in root.Child("clusters")?.Entries() ?? [])
            {
                var locationNode = node.Required("location");
                if (clusters.Any(c => c.Name == name) && !known.Contains(locationNode.String()))
                {
                    throw locationNode.Error($"location '{locationNode.String()}' is not in latencyMs; known: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
                }
            }
        }

        return new ClusterCatalogue(clusters, latency, pricesReadOn);
    }

    private static LatencyTable ReadLatency(YamlNodeReader? node)
    {
        if (node is not { } table)
        {
            return LatencyTable.Empty;
        }

        var entries = new List<(string, string, double)>();
        foreach (var (from, row) in table.Entries())
        {
            foreach (var (to, ms) in row.Entries())
            {
                entries.Add((from, to, ms.Double()));
            }
        }

        return new LatencyTable(entries);
    }

    private static Cluster ReadCluster(string name, YamlNodeReader node)
    {
        node.ExpectMapping(ClusterFields);
        var providerNode = node.Required("provider");
        if (!CloudProviderNames.TryParse(providerNode.String(), out var provider))
        {
            throw providerNode.Error($"unknown provider '{providerNode.String()}'; expected {CloudProviderNames.Expected}");
        }

        return new Cluster
        {
            Name = name,
            Provider = provider,
            Region = node.RequiredString("region"),
            Location = node.RequiredString("location"),
            Jurisdiction = node.RequiredString("jurisdiction").ToLowerInvariant(),
            Capacity = ReadCapacity(node.Required("capacity")),
            Prices = ReadPrices(node.Required("prices")),
            Registry = node.OptionalString("registry") ?? "",
            Postgres = new DataServiceOffering(node.OptionalString("postgres") ?? DataServiceOffering.InClusterName),
            Redis = new DataServiceOffering(node.OptionalString("redis") ?? DataServiceOffering.InClusterName),
            PriceCheck = node.Child("priceCheck") is { } check ? ReadPriceCheck(check) : PriceCheck.Unchecked,
            SecretStore = node.Child("secretStore") is { } store ? ReadSecretStore(store) : null,
        };
    }

    private static SecretStoreRef ReadSecretStore(YamlNodeReader node)
    {
        node.ExpectMapping(SecretStoreFields);
        var kind = node.OptionalString("kind") ?? SecretStoreRef.ClusterSecretStore;
        if (kind is not (SecretStoreRef.ClusterSecretStore or SecretStoreRef.SecretStore))
        {
            throw node.Required("kind").Error($"unknown secret store kind '{kind}'; expected {SecretStoreRef.ClusterSecretStore} or {SecretStoreRef.SecretStore}");
        }

        return new SecretStoreRef(node.RequiredString("name"), kind, node.OptionalString("keyPrefix") ?? "");
    }

    private static PriceCheck ReadPriceCheck(YamlNodeReader node)
    {
        node.ExpectMapping(PriceCheckFields);
        string Status(string key)
        {
            var value = node.OptionalString(key) ?? PriceCheck.Estimate;
            return value is PriceCheck.Verified or PriceCheck.Estimate
                ? value
                : throw node.Required(key).Error($"unknown price status '{value}'; expected {PriceCheck.Verified} or {PriceCheck.Estimate}");
        }

        var check = new PriceCheck(Status("compute"), Status("egress"), node.Child("checkedOn")?.Date(), node.OptionalStringList("sources"));
        if ((check.Compute == PriceCheck.Verified || check.Egress == PriceCheck.Verified) && (check.CheckedOn is null || check.Sources.Count == 0))
        {
            throw node.Error("verified prices need checkedOn and at least one source URL");
        }

        return check;
    }

    private static ClusterCapacity ReadCapacity(YamlNodeReader node)
    {
        node.ExpectMapping(CapacityFields);
        var gpus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        if (node.Child("gpus") is { } gpuNode)
        {
            foreach (var (type, count) in gpuNode.Entries())
            {
                gpus[type] = count.Int();
            }
        }

        return new ClusterCapacity(node.Required("cpu").Double(), node.Required("memoryGb").Double(), gpus);
    }

    private static ClusterPrices ReadPrices(YamlNodeReader node)
    {
        node.ExpectMapping(PriceFields);
        var gpuHour = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (node.Child("gpuHour") is { } gpuNode)
        {
            foreach (var (type, price) in gpuNode.Entries())
            {
                gpuHour[type] = price.Double();
            }
        }

        var egress = node.Required("egress").ExpectMapping(EgressFields);
        return new ClusterPrices(
            node.Required("cpuHour").Double(),
            node.OptionalDouble("memoryGbHour", 0),
            gpuHour,
            new EgressPrices(
                egress.Required("internet").Double(),
                egress.Required("interRegion").Double(),
                egress.Required("interCloud").Double(),
                egress.Required("interconnect").Double(),
                egress.OptionalDouble("intraRegion", 0)));
    }
}
