using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace AuditWeaver.Policies;

/// <summary>
/// Reads a policy document strictly: unknown properties and wrong types are errors that name the place and list what
/// is valid, so that a typo never silently weakens a policy.
/// </summary>
/// <remarks>
/// <code>
/// { "default": "deny",
///   "rules": [ { "allow": "file.*", "pathUnder": ["data"] },
///              { "deny": "process.start", "executable": ["sh"] },
///              { "allow": "network.*", "hostIn": ["api.example.com"] } ] }
/// </code>
/// </remarks>
internal static class PolicyJsonReader
{
    private static readonly string[] s_documentProperties = { "default", "rules" };
    private static readonly string[] s_ruleProperties = { "allow", "deny", "pathUnder", "hostIn", "executable" };

    private static readonly JsonDocumentOptions s_options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Adds the document's rules (and its default) to <paramref name="builder"/>; relative folders are resolved against <paramref name="baseFolder"/>.</summary>
    internal static void Read(string json, string source, string baseFolder, AuditPolicyBuilder builder)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_options);
        }
        catch (JsonException exception)
        {
            throw new FormatException(Where(source, "") + "not valid JSON: " + exception.Message, exception);
        }

        using (document)
        {
            var root = document.RootElement;
            Expect(root, JsonValueKind.Object, source, "");
            CheckProperties(root, s_documentProperties, source, "");
            if (root.TryGetProperty("default", out var defaultValue))
            {
                builder.SetDefault(deny: Effect(defaultValue, source, "default") == "deny");
            }

            if (root.TryGetProperty("rules", out var rules))
            {
                Expect(rules, JsonValueKind.Array, source, "rules");
                var index = 0;
                foreach (var rule in rules.EnumerateArray())
                {
                    ReadRule(rule, source, "rules[" + index++ + "]", baseFolder, builder);
                }
            }
        }
    }

    private static void ReadRule(JsonElement rule, string source, string place, string baseFolder, AuditPolicyBuilder builder)
    {
        Expect(rule, JsonValueKind.Object, source, place);
        CheckProperties(rule, s_ruleProperties, source, place);
        var hasAllow = rule.TryGetProperty("allow", out var allow);
        var hasDeny = rule.TryGetProperty("deny", out var deny);
        if (hasAllow == hasDeny)
        {
            throw new FormatException(Where(source, place) + "a rule needs exactly one of \"allow\" or \"deny\", with an event pattern.");
        }

        var pattern = hasAllow ? allow : deny;
        Expect(pattern, JsonValueKind.String, source, place + (hasAllow ? ".allow" : ".deny"));
        var folders = Strings(rule, "pathUnder", source, place)?.Select(f => Path.Combine(baseFolder, f)).ToArray();
        var hosts = Strings(rule, "hostIn", source, place);
        var executables = Strings(rule, "executable", source, place);
        try
        {
            builder.Add(hasAllow, pattern.GetString()!, when =>
            {
                if (folders != null)
                {
                    when.PathUnder(folders);
                }

                if (hosts != null)
                {
                    when.HostIn(hosts);
                }

                if (executables != null)
                {
                    when.Executable(executables);
                }
            });
        }
        catch (ArgumentException exception)
        {
            throw new FormatException(Where(source, place) + exception.Message, exception);
        }
    }

    private static string[]? Strings(JsonElement rule, string name, string source, string place)
    {
        if (!rule.TryGetProperty(name, out var values))
        {
            return null;
        }

        Expect(values, JsonValueKind.Array, source, place + "." + name);
        return values.EnumerateArray().Select((value, i) =>
        {
            Expect(value, JsonValueKind.String, source, place + "." + name + "[" + i + "]");
            return value.GetString()!;
        }).ToArray();
    }

    private static string Effect(JsonElement value, string source, string place)
    {
        Expect(value, JsonValueKind.String, source, place);
        var text = value.GetString();
        if (text is not ("allow" or "deny"))
        {
            throw new FormatException(Where(source, place) + "'" + text + "' is not a default; use \"allow\" or \"deny\".");
        }

        return text;
    }

    private static void CheckProperties(JsonElement element, string[] known, string source, string place)
    {
        var unknown = element.EnumerateObject().Select(p => p.Name).Where(n => Array.IndexOf(known, n) < 0).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException(
                Where(source, place) + "unknown propert" + (unknown.Count == 1 ? "y " : "ies ") + string.Join(", ", unknown.Select(n => "\"" + n + "\""))
                + "; known: " + string.Join(", ", known) + ".");
        }
    }

    private static void Expect(JsonElement element, JsonValueKind kind, string source, string place)
    {
        if (element.ValueKind != kind)
        {
            throw new FormatException(Where(source, place) + "expected " + Describe(kind) + ", found " + Describe(element.ValueKind) + ".");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Where(string source, string place) =>
        "Audit policy " + source + (place.Length == 0 ? ": " : " at " + place + ": ");
}
