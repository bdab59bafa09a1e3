using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AuditWeaver.Weaving;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;

namespace Tests.Infrastructure;

/// <summary>
/// Approved listings of woven IL (in the manner of NullGuard's approved files): every method that weaving changed or
/// added, rendered as text with its locals, IL offsets, source lines and exception handlers, one file per top-level type,
/// checked in beside the tests and compared on every run, so that a change to what the engine writes is a diff in
/// review. Nothing machine-specific is rendered: no tokens, no MVID, and paths below the repository read <c>{repo}/</c>.
/// To accept an intended change: <c>AUDITWEAVER_ACCEPT_SNAPSHOTS=1 dotnet test Tests --filter Snapshot</c>.
/// </summary>
internal static class ILSnapshot
{
    internal const string AcceptVariable = "AUDITWEAVER_ACCEPT_SNAPSHOTS";
    internal const string Extension = ".il";
    internal const string ReceivedExtension = ".received.il";

    private const string SitesType = "<AuditWeaver>Sites";

    // Long runs of the same instructions (filler in generated bodies) are shown once, then counted.
    private const int LongestRepeatedRun = 32;

    /// <summary>The listings of what weaving changed in <paramref name="unwovenPath"/>, by file name.</summary>
    internal static IReadOnlyDictionary<string, string> Render(string unwovenPath, string wovenPath)
    {
        using var unwoven = Read(unwovenPath);
        using var woven = Read(wovenPath);
        var before = unwoven.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).ToDictionary(m => m.FullName, m => Method(m, Array.Empty<SiteRecord>()));
        var sites = woven.Types.SingleOrDefault(t => t.Name == SitesType) is { } sitesType && EncodedTable(sitesType) is { } encoded ? SiteTableFormat.Decode(encoded) : Array.Empty<SiteRecord>();
        var files = new SortedDictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (var type in woven.GetTypes())
        {
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                var text = Method(method, sites);
                if (before.TryGetValue(method.FullName, out var original) && original == text)
                {
                    continue;
                }

                var file = FileName(type);
                if (!files.TryGetValue(file, out var listing))
                {
                    files.Add(file, listing = new StringBuilder());
                }

                listing.Append(listing.Length == 0 ? string.Empty : "\n").Append(text);
            }

            if (type.Name == SitesType)
            {
                var file = FileName(type);
                files[file] = files.TryGetValue(file, out var listing) ? listing.Append('\n').Append(SiteTable(type)) : new StringBuilder(SiteTable(type));
            }
        }

        return files.ToDictionary(f => f.Key, f => Normalize(f.Value.ToString()), StringComparer.Ordinal);
    }

    /// <summary>
    /// Compares <paramref name="listings"/> with the approved files in <paramref name="folder"/>: all must match, and no
    /// approved file may be left over. Each mismatch is written beside its approved file as <c>*.received.il</c>; with
    /// <see cref="AcceptVariable"/> set, the listings replace the approved files instead.
    /// </summary>
    internal static void Verify(string folder, IReadOnlyDictionary<string, string> listings)
    {
        Directory.CreateDirectory(folder);
        var accept = Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true";
        var approvedFiles = Directory.EnumerateFiles(folder, "*" + Extension).Where(f => !f.EndsWith(ReceivedExtension, StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        var problems = new List<string>();
        foreach (var (name, listing) in listings)
        {
            Assert.That(listing, Does.Not.Contain(Path.GetTempPath()).And.Not.Contain(Paths.RepositoryRoot), name + ": a listing must read the same on every machine");
            var approved = Path.Combine(folder, name);
            var received = Path.ChangeExtension(approved, ReceivedExtension);
            var expected = File.Exists(approved) ? File.ReadAllText(approved).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
            if (expected == listing)
            {
                File.Delete(received);
            }
            else if (accept)
            {
                File.WriteAllText(approved, listing);
                File.Delete(received);
            }
            else
            {
                File.WriteAllText(received, listing);
                problems.Add(expected == null ? name + ": new (no approved file)" : name + ": " + FirstDifference(expected, listing));
            }
        }

        foreach (var stale in approvedFiles.Where(f => !listings.ContainsKey(f!)))
        {
            if (accept)
            {
                File.Delete(Path.Combine(folder, stale!));
            }
            else
            {
                problems.Add(stale + ": approved, but weaving no longer changes anything there");
            }
        }

        Assert.That(problems, Is.Empty, "Woven IL differs from the approved snapshots in " + Path.GetRelativePath(Paths.RepositoryRoot, folder)
            + " (each received listing is beside its approved file). If the change is intended, accept it with: " + AcceptVariable + "=1 dotnet test Tests --filter Snapshot");
    }

    private static ModuleDefinition Read(string path) =>
        ModuleDefinition.ReadModule(path, new ReaderParameters { ReadSymbols = true, SymbolReaderProvider = new DefaultSymbolReaderProvider(throwIfNoSymbol: false), InMemory = true });

    private static string FileName(TypeDefinition type)
    {
        while (type.DeclaringType != null)
        {
            type = type.DeclaringType;
        }

        var name = type.Namespace.Length == 0 ? type.Name : type.Namespace + "." + type.Name;
        return new string(name.Where(c => c is not ('<' or '>')).Select(c => c == '`' ? '-' : c).ToArray()) + Extension;
    }

    private static string Method(MethodDefinition method, IReadOnlyList<SiteRecord> sites)
    {
        var text = new StringBuilder();
        text.Append("method ").Append(method.FullName).Append('\n');
        var body = method.Body;
        if (body.HasVariables)
        {
            text.Append("  .locals (").Append(string.Join(", ", body.Variables.Select(v => v.VariableType.FullName + " V_" + v.Index.ToString(CultureInfo.InvariantCulture)))).Append(")\n");
        }

        var points = method.DebugInformation.HasSequencePoints ? method.DebugInformation.SequencePoints.ToDictionary(p => p.Offset) : new Dictionary<int, SequencePoint>();
        var lines = body.Instructions.Select(i => (Instruction: i, Text: IsSiteTable(method, i) ? "ldstr (the site table, decoded below)" : SiteId(i, sites) ?? Instruction(i))).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var (period, length) = Repetition(lines, i);
            if (length > 0)
            {
                text.Append("  ... ").Append(length).Append(" more instructions repeating the ").Append(period).Append(" above, to ").Append(Label(lines[i + length - 1].Instruction)).Append('\n');
                i += length - 1;
                continue;
            }

            if (points.TryGetValue(lines[i].Instruction.Offset, out var point))
            {
                text.Append("  .line ").Append(point.IsHidden ? "hidden" : point.StartLine.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            text.Append("  ").Append(Label(lines[i].Instruction)).Append(": ").Append(lines[i].Text).Append('\n');
        }

        foreach (var handler in body.ExceptionHandlers)
        {
            text.Append("  .try ").Append(Range(handler.TryStart, handler.TryEnd)).Append(' ').Append(handler.HandlerType.ToString().ToLowerInvariant());
            if (handler.CatchType != null)
            {
                text.Append(' ').Append(handler.CatchType.FullName);
            }

            if (handler.FilterStart != null)
            {
                text.Append(" filter ").Append(Label(handler.FilterStart));
            }

            text.Append(" handler ").Append(Range(handler.HandlerStart, handler.HandlerEnd)).Append('\n');
        }

        return text.ToString();
    }

    // The longest run from index on that repeats the instructions just before it, when it is worth folding.
    private static (int Period, int Length) Repetition(IReadOnlyList<(Instruction Instruction, string Text)> lines, int index)
    {
        var best = (Period: 0, Length: 0);
        for (var period = 1; period <= Math.Min(LongestRepeatedRun, index); period++)
        {
            var length = 0;
            while (index + length < lines.Count && lines[index + length].Text == lines[index + length - period].Text)
            {
                length++;
            }

            if (length > best.Length)
            {
                best = (period, length);
            }
        }

        return best.Length >= 2 * best.Period && best.Length >= 8 ? best : (0, 0);
    }

    private static string Instruction(Instruction instruction) =>
        instruction.OpCode.Name + instruction.Operand switch
        {
            null => string.Empty,
            Instruction target => " " + Label(target),
            Instruction[] targets => " (" + string.Join(", ", targets.Select(Label)) + ")",
            string text => " " + Quote(text),
            VariableDefinition variable => " V_" + variable.Index.ToString(CultureInfo.InvariantCulture),
            ParameterDefinition parameter => " " + (parameter.Name.Length > 0 ? parameter.Name : "A_" + parameter.Index.ToString(CultureInfo.InvariantCulture)),
            MemberReference member => " " + member.FullName,
            Mono.Cecil.CallSite signature => " " + signature.FullName,
            IFormattable number => " " + number.ToString(null, CultureInfo.InvariantCulture),
            var other => " " + other,
        };

    // The id loaded after the site table is shown as the site it names: ids are numbered across the module, so one more
    // site in one scenario would otherwise change the listings of all those after it.
    private static string? SiteId(Instruction instruction, IReadOnlyList<SiteRecord> sites)
    {
        if (instruction.Previous is not { OpCode.Code: Code.Ldsfld, Operand: FieldReference { Name: "Table", DeclaringType.Name: SitesType } }
            || !instruction.OpCode.Name.StartsWith("ldc.i4", StringComparison.Ordinal))
        {
            return null;
        }

        var id = instruction.Operand switch
        {
            int value => value,
            sbyte value => value,
            _ => int.Parse(instruction.OpCode.Name[(instruction.OpCode.Name.LastIndexOf('.') + 1)..].Replace("m1", "-1", StringComparison.Ordinal), CultureInfo.InvariantCulture),
        };
        return instruction.OpCode.Name + " [site " + (id >= 0 && id < sites.Count ? sites[id].EventName + " " + sites[id].Api : id.ToString(CultureInfo.InvariantCulture)) + "]";
    }

    private static bool IsSiteTable(MethodDefinition method, Instruction instruction) =>
        method.DeclaringType.Name == SitesType && instruction.Operand is string text && text.StartsWith(SiteTableFormat.Header, StringComparison.Ordinal);

    private static string Label(Instruction? instruction) =>
        instruction == null ? "end" : "IL_" + instruction.Offset.ToString("x4", CultureInfo.InvariantCulture);

    private static string Range(Instruction start, Instruction? end) => Label(start) + ".." + Label(end);

    private static string? EncodedTable(TypeDefinition sites) =>
        sites.Methods.Where(m => m.IsConstructor && m.IsStatic).SelectMany(m => m.Body.Instructions)
            .Where(i => i.OpCode == OpCodes.Ldstr).Select(i => (string)i.Operand).SingleOrDefault();

    // The decoded records of the module's site table: what each site id raises and where it is.
    private static string SiteTable(TypeDefinition sites)
    {
        var encoded = EncodedTable(sites);
        if (encoded == null)
        {
            return "site table: none\n";
        }

        var text = new StringBuilder("site table\n");
        var records = SiteTableFormat.Decode(encoded);
        for (var id = 0; id < records.Length; id++)
        {
            var site = records[id];
            text.Append("  ").Append(id.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(site.EventName)
                .Append('(').Append(string.Join(", ", site.ArgumentNames ?? System.Array.Empty<string>())).Append(") ").Append(site.Api)
                .Append(" in ").Append(site.Caller)
                .Append(site.SourceFile == null ? string.Empty : " at " + site.SourceFile + ":" + site.Line?.ToString(CultureInfo.InvariantCulture))
                .Append(site.DenyReason == null ? string.Empty : " denied: " + site.DenyReason)
                .Append(site.Scalars == null ? string.Empty : " unboxed: " + site.Scalars)
                .Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || char.IsSurrogate(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    // Paths below the repository (source files in the site table and sequence points) as {repo}/..., whichever machine.
    private static string Normalize(string text) =>
        text.Replace(Paths.RepositoryRoot.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, "{repo}/", StringComparison.Ordinal);

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var was = i < expectedLines.Length ? expectedLines[i] : "(end)";
            var now = i < actualLines.Length ? actualLines[i] : "(end)";
            if (was != now)
            {
                return "line " + (i + 1).ToString(CultureInfo.InvariantCulture) + " was '" + was.Trim() + "', is '" + now.Trim() + "'";
            }
        }

        return "line endings differ";
    }
}
