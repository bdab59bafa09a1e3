using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// Strict reads of project.assets.json: each says where in the file the value is that has the wrong shape
/// (<c>targets["net10.0"]["Serilog/4.3.0"].runtime is an array, not an object</c>), as an
/// <see cref="InvalidDataException"/> that <see cref="ProjectAssets"/> turns into one line naming the file.
/// </summary>
internal static class AssetsJson
{
    /// <summary>The properties of an object (none when <paramref name="element"/> is absent). Every parent passed to the reads below is an object already.</summary>
    internal static IEnumerable<JsonProperty> Properties(JsonElement? element, string where) =>
        element is not { } value ? Enumerable.Empty<JsonProperty>()
        : value.ValueKind == JsonValueKind.Object ? value.EnumerateObject()
        : throw Wrong(where, value, "an object");

    /// <summary><paramref name="value"/> itself, which must be an object.</summary>
    internal static JsonElement Object(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.Object ? value : throw Wrong(where, value, "an object");

    /// <summary>A property that must be there and be a string.</summary>
    internal static string RequiredString(JsonElement parent, string name, string where) =>
        OptionalString(parent, name, where) ?? throw new InvalidDataException(Join(where, name) + " is missing");

    /// <summary>A property that must be there and be an object.</summary>
    internal static JsonElement RequiredObject(JsonElement parent, string name, string where)
    {
        var value = Optional(parent, name) ?? throw new InvalidDataException(Join(where, name) + " is missing");
        return value.ValueKind == JsonValueKind.Object ? value : throw Wrong(Join(where, name), value, "an object");
    }

    /// <summary>A property that may be absent; when there, an object.</summary>
    internal static JsonElement? OptionalObject(JsonElement parent, string name, string where) =>
        Optional(parent, name) is not { } value ? null
        : value.ValueKind == JsonValueKind.Object ? value
        : throw Wrong(Join(where, name), value, "an object");

    /// <summary>A property that may be absent; when there, a string.</summary>
    internal static string? OptionalString(JsonElement parent, string name, string where) =>
        Optional(parent, name) is not { } value ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw Wrong(Join(where, name), value, "a string");

    /// <summary>The strings of an array property (none when absent).</summary>
    internal static IEnumerable<string> Strings(JsonElement parent, string name, string where)
    {
        if (Optional(parent, name) is not { } value)
        {
            return Enumerable.Empty<string>();
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Wrong(Join(where, name), value, "an array");
        }

        return value.EnumerateArray().Select((item, i) => item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Wrong(Join(where, name) + "[" + i + "]", item, "a string")).ToList();
    }

    /// <summary>
    /// A path the file gives inside a package or the scan's own folder (an item, a package's folder, a target's name):
    /// relative, with no <c>..</c>, so that neither reading nor the links the scan makes can leave the folder it belongs in.
    /// </summary>
    internal static string InsidePath(string path, string where) =>
        path.Length > 0 && !Path.IsPathRooted(path) && !path.Contains('\\') && path.Split('/').All(part => part.Length > 0 && part != "." && part != "..")
            ? path
            : throw new InvalidDataException(where + " names \"" + path + "\", which is not a path inside its folder");

    /// <summary><c>targets["net10.0"]</c>: how messages name a property whose name is data.</summary>
    internal static string Index(string where, string key) => where + "[\"" + key + "\"]";

    internal static string Join(string where, string name) => where.Length == 0 ? name : where + "." + name;

    // A null where NuGet writes a value is damage like any other wrong kind, never taken for "absent".
    private static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) ? value : null;

    private static InvalidDataException Wrong(string where, JsonElement value, string expected) =>
        new(where + " is " + Kind(value) + ", not " + expected);

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
