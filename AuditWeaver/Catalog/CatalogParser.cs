using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;

namespace AuditWeaver.Catalog;

/// <summary>
/// The catalog: which members raise which events with which arguments, which members are deliberately left out and
/// why, and which types the completeness test checks. One text file (audit-catalog.txt), embedded in the runtime and the
/// weaver; the syntax is described at its top.
/// </summary>
internal sealed class AuditCatalog
{
    internal const string ResourceName = "AuditWeaver.audit-catalog.txt";

    private static AuditCatalog? s_builtIn;

    private readonly Dictionary<string, CatalogEntry> _entries;
    private readonly Dictionary<string, CatalogEntry> _packageEntries;
    private readonly Dictionary<string, CatalogEvent> _events;

    private AuditCatalog(
        Dictionary<string, CatalogEvent> events,
        Dictionary<string, CatalogEntry> entries,
        Dictionary<string, CatalogEntry> packageEntries,
        IReadOnlyList<CatalogExclusion> exclusions,
        IReadOnlyList<CatalogType> types,
        IReadOnlyList<CatalogExclusion> ignoredTypes,
        IReadOnlyList<CatalogExclusion> packages)
    {
        _events = events;
        _entries = entries;
        _packageEntries = packageEntries;
        Exclusions = exclusions;
        Types = types;
        IgnoredTypes = ignoredTypes;
        Packages = packages;
    }

    internal IEnumerable<CatalogEvent> Events => _events.Values.OrderBy(e => e.Line);

    /// <summary>The framework's members, matched by documentation-comment ID alone.</summary>
    internal IEnumerable<CatalogEntry> Entries => _entries.Values.OrderBy(e => e.Line);

    /// <summary>Members of named package assemblies (<c>M:id in Assembly</c>), matched by ID and assembly.</summary>
    internal IEnumerable<CatalogEntry> PackageEntries => _packageEntries.Values.OrderBy(e => e.Line);

    internal IEnumerable<CatalogEntry> AllEntries => Entries.Concat(PackageEntries).OrderBy(e => e.Line);

    internal IReadOnlyList<CatalogExclusion> Exclusions { get; }

    internal IReadOnlyList<CatalogType> Types { get; }

    /// <summary>Types the framework-wide completeness scan passes over, with the reason.</summary>
    internal IReadOnlyList<CatalogExclusion> IgnoredTypes { get; }

    /// <summary>Packages doing I/O in native code that were considered (<c>package Id : what is covered, or why not</c>).</summary>
    internal IReadOnlyList<CatalogExclusion> Packages { get; }

    internal static AuditCatalog BuiltIn => s_builtIn ??= LoadBuiltIn();

    internal bool TryGetEntry(string memberId, out CatalogEntry entry) => _entries.TryGetValue(memberId, out entry!);

    /// <summary>
    /// The entry for a member defined in <paramref name="assembly"/> (its simple name): a package entry naming that
    /// assembly, else a framework entry of that ID.
    /// </summary>
    internal bool TryGetEntry(string memberId, string? assembly, out CatalogEntry entry) =>
        (assembly != null && _packageEntries.TryGetValue(PackageKey(memberId, assembly), out entry!)) || _entries.TryGetValue(memberId, out entry!);

    private static string PackageKey(string memberId, string assembly) => memberId + " in " + assembly;

    internal bool TryGetEvent(string name, out CatalogEvent auditEvent) => _events.TryGetValue(name, out auditEvent!);

    internal CatalogExclusion? FindExclusion(string memberId) => Exclusions.FirstOrDefault(e => e.Matches(memberId));

    internal static AuditCatalog Parse(string text, string source)
    {
        var events = new Dictionary<string, CatalogEvent>(StringComparer.Ordinal);
        var entries = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
        var packageEntries = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
        var exclusions = new List<CatalogExclusion>();
        var types = new List<CatalogType>();
        var ignored = new List<CatalogExclusion>();
        var packages = new List<CatalogExclusion>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("event ", StringComparison.Ordinal))
            {
                var auditEvent = ParseEvent(line.Substring(6).Trim(), source, number);
                if (events.ContainsKey(auditEvent.Name))
                {
                    throw new CatalogException(source, number, "event '" + auditEvent.Name + "' is defined twice.");
                }

                events.Add(auditEvent.Name, auditEvent);
            }
            else if (line.StartsWith("exclude ", StringComparison.Ordinal))
            {
                var (pattern, reason) = SplitReason(line.Substring(8).Trim(), source, number);
                exclusions.Add(new CatalogExclusion(pattern, reason, number));
            }
            else if (line.StartsWith("ignore ", StringComparison.Ordinal))
            {
                var (typeId, reason) = SplitReason(line.Substring(7).Trim(), source, number);
                if (!typeId.StartsWith("T:", StringComparison.Ordinal))
                {
                    throw new CatalogException(source, number, "expected 'ignore T:Namespace.Type : reason'.");
                }

                ignored.Add(new CatalogExclusion(typeId, reason, number));
            }
            else if (line.StartsWith("package ", StringComparison.Ordinal))
            {
                var (package, status) = SplitReason(line.Substring(8).Trim(), source, number);
                packages.Add(new CatalogExclusion(package, status, number));
            }
            else if (line.StartsWith("type ", StringComparison.Ordinal))
            {
                var parts = line.Substring(5).Trim().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || !parts[0].StartsWith("T:", StringComparison.Ordinal))
                {
                    throw new CatalogException(source, number, "expected 'type T:Namespace.Type category'.");
                }

                types.Add(new CatalogType(parts[0], parts[1], number));
            }
            else if (line.StartsWith("M:", StringComparison.Ordinal))
            {
                var entry = ParseEntry(line, events, source, number);
                var (table, key) = entry.Assembly == null ? (entries, entry.MemberId) : (packageEntries, PackageKey(entry.MemberId, entry.Assembly));
                if (table.ContainsKey(key))
                {
                    throw new CatalogException(source, number, "member '" + key + "' is cataloged twice.");
                }

                table.Add(key, entry);
            }
            else
            {
                throw new CatalogException(source, number, "expected 'event', 'exclude', 'type', 'ignore', 'package' or a member ID starting with 'M:'.");
            }
        }

        return new AuditCatalog(events, entries, packageEntries, exclusions, types, ignored, packages);
    }

    private static AuditCatalog LoadBuiltIn()
    {
        using var stream = typeof(AuditCatalog).GetTypeInfo().Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The built-in catalog resource '" + ResourceName + "' is missing from " + typeof(AuditCatalog).GetTypeInfo().Assembly.FullName + ".");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "audit-catalog.txt");
    }

    // event file.open(path, mode, access) : description
    private static CatalogEvent ParseEvent(string text, string source, int line)
    {
        var (signature, description) = SplitReason(text, source, line);
        var open = signature.IndexOf('(');
        if (open <= 0 || !signature.EndsWith(")", StringComparison.Ordinal))
        {
            throw new CatalogException(source, line, "expected 'event name(argument, ...) : description'.");
        }

        var name = signature.Substring(0, open).Trim();
        var dot = name.IndexOf('.');
        if (dot <= 0 || dot == name.Length - 1)
        {
            throw new CatalogException(source, line, "event name '" + name + "' must be 'category.action'.");
        }

        var inside = signature.Substring(open + 1, signature.Length - open - 2).Trim();
        var arguments = inside.Length == 0
            ? Array.Empty<string>()
            : inside.Split(',').Select(a => a.Trim()).ToArray();
        if (arguments.Any(a => a.Length == 0 || !a.All(c => char.IsLetterOrDigit(c) || c == '_')))
        {
            throw new CatalogException(source, line, "event '" + name + "' has an argument name that is empty or not an identifier.");
        }

        return new CatalogEvent(name, arguments, description, line);
    }

    // M:Some.Member(Args) -> event.name(expr, ...)      M:Package.Member(Args) in Package.Assembly -> event.name(expr, ...)
    private static CatalogEntry ParseEntry(string text, Dictionary<string, CatalogEvent> events, string source, int line)
    {
        var arrow = text.IndexOf(" -> ", StringComparison.Ordinal);
        if (arrow < 0)
        {
            throw new CatalogException(source, line, "expected 'M:member -> event(arguments)' or 'M:member in Assembly -> event(arguments)'.");
        }

        var (memberId, assembly) = SplitAssembly(text.Substring(0, arrow).Trim(), source, line);
        var parts = text.Substring(arrow + 4).Split(new[] { " ; " }, StringSplitOptions.None);
        var column = arrow + 4 + (parts[0].Length - parts[0].TrimStart().Length);
        CatalogEvent? auditEvent = null;
        IReadOnlyList<CatalogExpression> arguments = Array.Empty<CatalogExpression>();
        if (parts[0].Trim() != "none")
        {
            var call = new ExpressionReader(parts[0].Trim(), source, line, column).ReadEventCall();
            if (!events.TryGetValue(call.Function, out auditEvent))
            {
                throw new CatalogException(source, line, "event '" + call.Function + "' is not defined above this line.");
            }

            if (call.Arguments.Count != auditEvent.Arguments.Count)
            {
                throw new CatalogException(
                    source,
                    line,
                    string.Format(CultureInfo.InvariantCulture, "event '{0}' takes {1} arguments ({2}); {3} given.", auditEvent.Name, auditEvent.Arguments.Count, string.Join(", ", auditEvent.Arguments), call.Arguments.Count));
            }

            arguments = call.Arguments;
        }

        var clauses = new List<CatalogClause>();
        for (var i = 1; i < parts.Length; i++)
        {
            column += parts[i - 1].Length + 3;
            clauses.Add(new ExpressionReader(parts[i].Trim(), source, line, column + (parts[i].Length - parts[i].TrimStart().Length)).ReadClause());
        }

        if (auditEvent == null && clauses.Count == 0)
        {
            throw new CatalogException(source, line, "an entry with no event ('none') needs at least one clause.");
        }

        return new CatalogEntry(memberId, auditEvent, arguments, clauses, line, assembly);
    }

    // Member IDs never contain spaces, so " in " can only introduce the assembly.
    private static (string MemberId, string? Assembly) SplitAssembly(string member, string source, int line)
    {
        var parts = member.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 1)
        {
            return (parts[0], null);
        }

        if (parts.Length != 3 || parts[1] != "in" || !parts[2].All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new CatalogException(source, line, "expected 'M:member in Assembly' before ' -> ', with the assembly's simple name (e.g. 'in Microsoft.Data.Sqlite'); found '" + member + "'.");
        }

        return (parts[0], parts[2]);
    }

    /// <summary>Parses <c>name=expression, ...</c>, the argument list of a configured API.</summary>
    internal static IReadOnlyList<(string Name, CatalogExpression Expression)> ParseNamedArguments(string text, string source, int line) =>
        new ExpressionReader(text.Trim(), source, line, 0).ReadNamedList();

    private static (string Before, string Reason) SplitReason(string text, string source, int line)
    {
        // The separator is " : " so that member IDs (which never contain spaces) can be excluded verbatim.
        var colon = text.IndexOf(" : ", StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new CatalogException(source, line, "expected ' : ' followed by a description or reason.");
        }

        var reason = text.Substring(colon + 3).Trim();
        if (reason.Length == 0)
        {
            throw new CatalogException(source, line, "the text after ' : ' is empty.");
        }

        return (text.Substring(0, colon).Trim(), reason);
    }

    /// <summary>A small recursive-descent reader for the argument expressions.</summary>
    private sealed class ExpressionReader
    {
        private readonly string _text;
        private readonly string _source;
        private readonly int _line;
        private readonly int _column;
        private int _position;
        private bool _inClause;

        internal ExpressionReader(string text, string source, int line, int column)
        {
            _text = text;
            _source = source;
            _line = line;
            _column = column;
        }

        internal FunctionExpression ReadEventCall()
        {
            var name = ReadWhile(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_');
            var arguments = ReadArguments();
            SkipSpace();
            if (_position != _text.Length)
            {
                throw Error("unexpected text after the event's arguments");
            }

            return new FunctionExpression(name, arguments);
        }

        // guard fn(...) | before $n = fn(...) | follow fn(...) | after fn(...) | override fn(...)
        internal CatalogClause ReadClause()
        {
            var start = _position;
            var keyword = ReadWhile(char.IsLetter);
            SkipSpace();
            CatalogExpression? target = null;
            ClauseKind kind;
            switch (keyword)
            {
                case "guard":
                    kind = ClauseKind.Guard;
                    break;
                case "follow":
                    kind = ClauseKind.Follow;
                    break;
                case "after":
                    kind = ClauseKind.After;
                    break;
                case "override":
                    kind = ClauseKind.Override;
                    break;
                case "before":
                    kind = ClauseKind.Before;
                    target = ReadExpression();
                    if (target is not ParameterExpression and not ReceiverExpression)
                    {
                        throw Error("a before clause replaces a parameter or the receiver: before $0 = fn(...)", start);
                    }

                    Expect('=');
                    break;
                default:
                    throw Error("expected a clause: guard, before, follow, after or override", start);
            }

            SkipSpace();
            var functionStart = _position;
            var name = ReadWhile(char.IsLetterOrDigit);
            if (!CatalogFunctions.Routes.TryGetValue(name, out var route))
            {
                throw Error("unknown route function '" + name + "'; known: " + string.Join(", ", CatalogFunctions.Routes.Keys.OrderBy(k => k, StringComparer.Ordinal)), functionStart);
            }

            _inClause = kind is ClauseKind.After or ClauseKind.Override;
            var arguments = ReadArguments();
            _inClause = false;
            if (arguments.Count != route.Arity)
            {
                throw Error(string.Format(CultureInfo.InvariantCulture, "route function '{0}' takes {1} arguments, {2} given", name, route.Arity, arguments.Count), functionStart);
            }

            if (route.ReturnsValue != (kind is ClauseKind.Before or ClauseKind.After or ClauseKind.Override))
            {
                throw Error("route function '" + name + "' " + (route.ReturnsValue ? "returns a value: use it in a before, after or override clause" : "returns nothing: use it in a guard or follow clause"), functionStart);
            }

            SkipSpace();
            if (_position != _text.Length)
            {
                throw Error("unexpected text after the clause");
            }

            return new CatalogClause(kind, target, new FunctionExpression(name, arguments));
        }

        internal List<(string Name, CatalogExpression Expression)> ReadNamedList()
        {
            var arguments = new List<(string, CatalogExpression)>();
            while (true)
            {
                SkipSpace();
                var start = _position;
                var name = ReadWhile(c => char.IsLetterOrDigit(c) || c == '_');
                if (name.Length == 0)
                {
                    throw Error("expected an argument name", start);
                }

                Expect('=');
                arguments.Add((name, ReadExpression()));
                SkipSpace();
                if (_position == _text.Length)
                {
                    return arguments;
                }

                Expect(',');
            }
        }

        private List<CatalogExpression> ReadArguments()
        {
            Expect('(');
            var arguments = new List<CatalogExpression>();
            SkipSpace();
            if (Peek() == ')')
            {
                _position++;
                return arguments;
            }

            while (true)
            {
                arguments.Add(ReadExpression());
                SkipSpace();
                var c = Peek();
                _position++;
                if (c == ')')
                {
                    return arguments;
                }

                if (c != ',')
                {
                    throw Error("expected ',' or ')'");
                }
            }
        }

        private CatalogExpression ReadExpression()
        {
            SkipSpace();
            CatalogExpression expression;
            var start = _position;
            var c = Peek();
            if (c == '$')
            {
                _position++;
                var name = ReadWhile(char.IsLetterOrDigit);
                if (name == "this")
                {
                    expression = new ReceiverExpression();
                }
                else if (name == "result" && _inClause)
                {
                    expression = new ResultExpression();
                }
                else if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    expression = new ParameterExpression(index);
                }
                else
                {
                    throw Error("'$" + name + "' is neither $this nor a parameter index such as $0", start);
                }
            }
            else if (c == '"')
            {
                _position++;
                var end = _text.IndexOf('"', _position);
                if (end < 0)
                {
                    throw Error("unterminated string", start);
                }

                expression = new LiteralExpression(_text.Substring(_position, end - _position));
                _position = end + 1;
            }
            else if (char.IsDigit(c) || c == '-')
            {
                var digits = ReadWhile(d => char.IsDigit(d) || d == '-');
                if (!int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    throw Error("'" + digits + "' is not a whole number from -2147483648 to 2147483647", start);
                }

                expression = new LiteralExpression(number);
            }
            else if (char.IsLetter(c))
            {
                var name = ReadWhile(char.IsLetterOrDigit);
                switch (name)
                {
                    case "null":
                        expression = new LiteralExpression(null);
                        break;
                    case "true":
                    case "false":
                        expression = new LiteralExpression(name == "true");
                        break;
                    case CatalogFunctions.ArrayFunction:
                        expression = new FunctionExpression(name, ReadArguments());
                        break;
                    default:
                        if (!CatalogFunctions.Arity.TryGetValue(name, out var arity))
                        {
                            throw Error("unknown function '" + name + "'; known: " + string.Join(", ", CatalogFunctions.Arity.Keys.OrderBy(k => k, StringComparer.Ordinal)), start);
                        }

                        var arguments = ReadArguments();
                        if (arguments.Count != arity)
                        {
                            throw Error(string.Format(CultureInfo.InvariantCulture, "function '{0}' takes {1} arguments, {2} given", name, arity, arguments.Count), start);
                        }

                        expression = new FunctionExpression(name, arguments);
                        break;
                }
            }
            else
            {
                throw Error("expected an argument expression");
            }

            while (Peek() == '.')
            {
                _position++;
                var property = ReadWhile(char.IsLetterOrDigit);
                if (property.Length == 0)
                {
                    throw Error("expected a property name after '.'");
                }

                expression = new PropertyExpression(expression, property);
            }

            return expression;
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (Peek() != c)
            {
                throw Error("expected '" + c + "'");
            }

            _position++;
        }

        private char Peek() => _position < _text.Length ? _text[_position] : '\0';

        private void SkipSpace()
        {
            while (_position < _text.Length && _text[_position] == ' ')
            {
                _position++;
            }
        }

        private string ReadWhile(Func<char, bool> predicate)
        {
            var start = _position;
            while (_position < _text.Length && predicate(_text[_position]))
            {
                _position++;
            }

            return _text.Substring(start, _position - start);
        }

        private CatalogException Error(string message, int? position = null) =>
            new(_source, _line, message + " at column " + (_column + (position ?? _position) + 1).ToString(CultureInfo.InvariantCulture) + ".");
    }
}
