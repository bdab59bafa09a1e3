using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CsvHelper;
using MessagePack;
using MessagePack.Resolvers;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Corpus;

/// <summary>Round trips through Newtonsoft.Json, YamlDotNet, MessagePack and CsvHelper, and their errors on bad input.</summary>
internal static class Serialization
{
    internal static void Run(Report report, string folder)
    {
        var order = Order.Sample();

        report.Step("newtonsoft.serialize", () => JsonConvert.SerializeObject(order));
        report.Step("newtonsoft.roundtrip", () => JsonConvert.DeserializeObject<Order>(JsonConvert.SerializeObject(order, Formatting.Indented))!.Describe());
        report.Step("newtonsoft.jtoken", () => JObject.Parse(JsonConvert.SerializeObject(order)).SelectToken("$.Lines[1].Product")!.ToString());
        report.Step("newtonsoft.malformed", () => JsonConvert.DeserializeObject<Order>("{\"Id\": 1, \"Lines\": [ {\"Product\": }"));
        report.Step("newtonsoft.typed-error", () => JsonConvert.DeserializeObject<Order>("{\"Id\": \"not a number\"}"));

        var yamlSerializer = new SerializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var yamlDeserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        report.Step("yaml.serialize", () => yamlSerializer.Serialize(order));
        report.Step("yaml.roundtrip", () => yamlDeserializer.Deserialize<Order>(yamlSerializer.Serialize(order)).Describe());
        report.Step("yaml.malformed", () => yamlDeserializer.Deserialize<Order>("id: [1, 2\nlines: {"));

        var contractless = MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolver.Instance);
        report.Step("messagepack.roundtrip", () => MessagePackSerializer.Deserialize<Order>(MessagePackSerializer.Serialize(order, contractless), contractless).Describe());
        report.Step("messagepack.json", () => MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(order, contractless)));
        report.Step("messagepack.truncated", () => MessagePackSerializer.Deserialize<Order>(MessagePackSerializer.Serialize(order, contractless).Take(9).ToArray(), contractless));

        var csv = Path.Combine(folder, "lines.csv");
        report.Step("csv.write", () =>
        {
            using var writer = new StreamWriter(csv);
            using var csvWriter = new CsvWriter(writer, CultureInfo.InvariantCulture);
            csvWriter.WriteRecords(order.Lines);
            return new FileInfo(csv).Exists;
        });
        report.Step("csv.read", () =>
        {
            using var reader = new StreamReader(csv);
            using var csvReader = new CsvReader(reader, CultureInfo.InvariantCulture);
            return string.Join(";", csvReader.GetRecords<OrderLine>().Select(l => l.Product + "x" + l.Quantity + "@" + l.Price));
        });
        report.Step("csv.bad-field", () =>
        {
            using var csvReader = new CsvReader(new StringReader("Product,Quantity,Price\nbolt,many,1.5\n"), CultureInfo.InvariantCulture);
            return csvReader.GetRecords<OrderLine>().Count();
        });
    }
}

/// <summary>The object the serializers round-trip.</summary>
public sealed class Order
{
    public int Id { get; set; }

    public string Customer { get; set; } = string.Empty;

    public List<OrderLine> Lines { get; set; } = new();

    public Dictionary<string, string> Tags { get; set; } = new();

    internal static Order Sample() => new()
    {
        Id = 42,
        Customer = "Ada \"the first\" Lovelace",
        Lines = { new OrderLine { Product = "gear", Quantity = 3, Price = 2.5m }, new OrderLine { Product = "lever, long", Quantity = 1, Price = 10m } },
        Tags = { ["priority"] = "high", ["channel"] = "post" },
    };

    internal string Describe() =>
        Id + " " + Customer + " [" + string.Join(", ", Lines.Select(l => l.Product + " x" + l.Quantity + " @" + l.Price.ToString(CultureInfo.InvariantCulture))) + "] {"
        + string.Join(", ", Tags.OrderBy(t => t.Key, System.StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value)) + "}";
}

/// <summary>One line of <see cref="Order"/>.</summary>
public sealed class OrderLine
{
    public string Product { get; set; } = string.Empty;

    public int Quantity { get; set; }

    public decimal Price { get; set; }
}
