using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using AuditWeaver.Catalog;
using AuditWeaver.Fody.Engine;

namespace AuditWeaver.Fody.Configuration;

/// <summary>The options read from a configuration element, and every problem found in it.</summary>
public sealed class ConfigurationResult
{
    internal ConfigurationResult(WeaverOptions options, IReadOnlyList<WeaveDiagnostic> problems, IReadOnlyList<AssemblyAllowance> allowLists, DependencySelection dependencies, bool framework = false)
    {
        Options = options;
        Problems = problems;
        AllowLists = allowLists;
        Dependencies = dependencies;
        Framework = framework;
    }

    public WeaverOptions Options { get; }

    /// <summary>The <c>&lt;Allow&gt;</c> elements: which categories and events each named assembly may use.</summary>
    public IReadOnlyList<AssemblyAllowance> AllowLists { get; }

    /// <summary>The <c>Dependencies</c> attribute: which dependencies a build weaves besides the project's own assembly.</summary>
    public DependencySelection Dependencies { get; }

    /// <summary>
    /// The <c>Framework</c> attribute: a self-contained publish weaves the framework assemblies it carries (the runtime
    /// packs') too, as <c>auditweaver weave --framework</c> does.
    /// </summary>
    public bool Framework { get; }

    /// <summary>Problems at the severity the configuration itself set for them; None-severity ones are left out.</summary>
    public IReadOnlyList<WeaveDiagnostic> Problems { get; }

    public bool HasErrors => Problems.Any(p => p.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Reads the <c>&lt;AuditWeaver&gt;</c> element of FodyWeavers.xml strictly into one <see cref="WeaverOptions"/>:
/// unknown attributes and elements, bad values, bad patterns, unknown categories and events and malformed member IDs
/// are each reported with where they are, what is wrong and what is valid; all of them in one pass.
/// docs/configuration.md and AuditWeaver.Fody.xcf describe the same vocabulary.
/// </summary>
public static class WeaverConfiguration
{
    private static readonly Regex s_eventPattern = new("^[a-z0-9*][a-z0-9*._-]*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_eventName = new("^[a-z0-9][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)+$", RegexOptions.CultureInvariant);
    private static readonly Regex s_category = new("^[a-z0-9][a-z0-9_-]*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_namePattern = new("^[A-Za-z0-9_*][A-Za-z0-9_.*+`<>]*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_memberId = new("^M:[^\\s()]+(\\([^\\s()]*\\))?$", RegexOptions.CultureInvariant);
    private static readonly Regex s_memberPattern = new("^M:[^\\s]*\\*[^\\s]*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_assemblyPattern = new("^[A-Za-z0-9_*][A-Za-z0-9_.*-]*$", RegexOptions.CultureInvariant);

    /// <summary>The root attributes and what each takes.</summary>
    public static IReadOnlyDictionary<string, string> Attributes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Mode"] = "Audit (default) or Report",
        ["Categories"] = "categories to audit",
        ["ExcludeCategories"] = "categories not to audit",
        ["Events"] = "event patterns to audit",
        ["ExcludeEvents"] = "event patterns not to audit",
        ["IncludeNamespaces"] = "namespace patterns whose code is woven",
        ["ExcludeNamespaces"] = "namespace patterns whose code is not woven",
        ["IncludeTypes"] = "type patterns whose code is woven",
        ["ExcludeTypes"] = "type patterns whose code is not woven",
        ["Report"] = "true (default) or false: write the JSON weave report",
        ["Dependencies"] = "all (default for executables), none (default for libraries and test projects), or assembly-name patterns: the dependencies a build weaves",
        ["Framework"] = "true or false (default): a self-contained publish weaves the framework assemblies it carries too",
    };

    /// <summary>The child elements and their attributes.</summary>
    public static IReadOnlyDictionary<string, string[]> Elements { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Api"] = new[] { "id", "pattern", "event", "category", "arguments" },
        ["Deny"] = new[] { "event" },
        ["Diagnostic"] = new[] { "id", "severity" },
        ["Allow"] = new[] { "assembly", "categories", "events" },
    };

    public static ConfigurationResult Read(XElement? element, string source = "FodyWeavers.xml") =>
        new Reader(source).Read(element);

    private sealed class Reader
    {
        private readonly string _source;
        private readonly List<(string Id, string Message, IXmlLineInfo? Where)> _problems = new();
        private readonly WeaverOptions _options = new();
        private readonly List<AssemblyAllowance> _allowLists = new();
        private DependencySelection _dependencies = DependencySelection.Default;
        private bool _framework;

        internal Reader(string source)
        {
            _source = source;
        }

        internal ConfigurationResult Read(XElement? root)
        {
            if (root != null)
            {
                // Severity overrides first: they decide how the other problems are reported.
                foreach (var diagnostic in root.Elements("Diagnostic"))
                {
                    ReadDiagnostic(diagnostic);
                }

                foreach (var child in root.Elements())
                {
                    switch (child.Name.LocalName)
                    {
                        case "Api":
                            ReadApi(child);
                            break;
                        case "Deny":
                            ReadDeny(child);
                            break;
                        case "Diagnostic":
                        case "Allow":
                            break;
                        default:
                            Problem(DiagnosticIds.UnknownElement, child, "<" + child.Name.LocalName + "> is not an AuditWeaver element. Valid elements: " + string.Join(", ", Elements.Keys.Select(k => "<" + k + ">")) + ".");
                            break;
                    }
                }

                // After the <Api> elements, whose categories are valid in allow lists too.
                foreach (var allow in root.Elements("Allow"))
                {
                    ReadAllow(allow);
                }

                ReadRootAttributes(root);
                CheckEventPatterns(root);
            }

            var problems = _problems
                .Select(p => (p, Severity: _options.SeverityOf(p.Id)))
                .Where(p => p.Severity != DiagnosticSeverity.None)
                .Select(p => new WeaveDiagnostic(p.p.Id, p.Severity, Locate(p.p.Where) + p.p.Id + ": " + p.p.Message, null, _source, Line(p.p.Where)))
                .ToList();
            return new ConfigurationResult(_options, problems, _allowLists, _dependencies, _framework);
        }

        private void ReadRootAttributes(XElement root)
        {
            foreach (var attribute in root.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.NamespaceName.Length == 0))
            {
                switch (attribute.Name.LocalName)
                {
                    case "Mode":
                        if (TryEnum<WeaveMode>(attribute, out var mode))
                        {
                            _options.Mode = mode;
                        }

                        break;
                    case "Report":
                        if (TryBool(attribute, out var report))
                        {
                            _options.WriteReport = report;
                        }

                        break;
                    case "Categories":
                        _options.Categories = new HashSet<string>(Categories(attribute), StringComparer.Ordinal);
                        break;
                    case "ExcludeCategories":
                        _options.ExcludedCategories = new HashSet<string>(Categories(attribute), StringComparer.Ordinal);
                        break;
                    case "Events":
                        AddAll(_options.Events, EventPatterns(attribute));
                        break;
                    case "ExcludeEvents":
                        AddAll(_options.ExcludedEvents, EventPatterns(attribute));
                        break;
                    case "IncludeNamespaces":
                        AddAll(_options.IncludeNamespaces, NamePatterns(attribute));
                        break;
                    case "ExcludeNamespaces":
                        AddAll(_options.ExcludeNamespaces, NamePatterns(attribute));
                        break;
                    case "IncludeTypes":
                        AddAll(_options.IncludeTypes, NamePatterns(attribute));
                        break;
                    case "ExcludeTypes":
                        AddAll(_options.ExcludeTypes, NamePatterns(attribute));
                        break;
                    case "Framework":
                        if (TryBool(attribute, out var framework))
                        {
                            _framework = framework;
                        }

                        break;
                    case "Dependencies":
                        _dependencies = DependencySelection.Parse(Split(attribute.Value), message => Problem(DiagnosticIds.InvalidValue, attribute, Describe(attribute) + ": " + message));
                        break;
                    default:
                        Problem(DiagnosticIds.UnknownAttribute, attribute, Describe(attribute) + " is not an AuditWeaver attribute. Valid attributes: " + string.Join(", ", Attributes.Keys) + ".");
                        break;
                }
            }
        }

        private void ReadApi(XElement element)
        {
            CheckAttributes(element);
            var id = element.Attribute("id");
            var pattern = element.Attribute("pattern");
            var eventAttribute = element.Attribute("event");
            var categoryAttribute = element.Attribute("category");
            if ((id == null) == (pattern == null))
            {
                Problem(DiagnosticIds.MissingAttribute, element, "<Api> needs exactly one of id (a documentation-comment ID, e.g. id=\"M:Acme.Db.Execute(System.String)\") or pattern (the same with *, e.g. pattern=\"M:Acme.Db.*\").");
                return;
            }

            var member = (id ?? pattern)!;
            if (id != null ? !s_memberId.IsMatch(id.Value) || id.Value.Contains("*") : !s_memberPattern.IsMatch(pattern!.Value))
            {
                Problem(
                    id != null ? DiagnosticIds.MalformedMemberId : DiagnosticIds.InvalidPattern,
                    member,
                    Describe(member) + " is not a method's documentation-comment ID" + (id != null ? string.Empty : " pattern") + ". Expected M:Namespace.Type.Method(Parameter.Types), for example M:Acme.Db.Execute(System.String)" + (id != null ? "; use pattern=\"...\" for wildcards." : " or M:Acme.Db.*."));
                return;
            }

            if (eventAttribute == null || categoryAttribute == null)
            {
                Problem(DiagnosticIds.MissingAttribute, element, "<Api " + Describe(member) + "> needs event=\"category.action\" and category=\"category\".");
                return;
            }

            var eventName = eventAttribute.Value;
            var category = categoryAttribute.Value;
            if (!s_category.IsMatch(category))
            {
                Problem(DiagnosticIds.InvalidValue, categoryAttribute, Describe(categoryAttribute) + " is not a category name: lower-case letters, digits, '-' and '_'.");
                return;
            }

            if (!s_eventName.IsMatch(eventName))
            {
                Problem(DiagnosticIds.InvalidValue, eventAttribute, Describe(eventAttribute) + " is not an event name: lower-case 'category.action', for example acme.db.execute.");
                return;
            }

            if (!eventName.StartsWith(category + ".", StringComparison.Ordinal))
            {
                Problem(DiagnosticIds.EventCategoryMismatch, eventAttribute, Describe(eventAttribute) + " does not start with its category '" + category + ".'; an event's name starts with its category and a dot.");
                return;
            }

            IReadOnlyList<(string, CatalogExpression)>? arguments = null;
            var argumentsAttribute = element.Attribute("arguments");
            if (argumentsAttribute != null)
            {
                try
                {
                    arguments = AuditCatalog.ParseNamedArguments(argumentsAttribute.Value, "arguments", 1);
                }
                catch (CatalogException exception)
                {
                    Problem(DiagnosticIds.InvalidValue, argumentsAttribute, Describe(argumentsAttribute) + " is not a list of name=expression (for example sql=$0, host=host($1)): " + exception.Message.Substring(exception.Message.IndexOf(':') + 2));
                    return;
                }

                if (AuditCatalog.BuiltIn.TryGetEvent(eventName, out var builtIn) && builtIn.Arguments.Count != arguments.Count)
                {
                    Problem(DiagnosticIds.InvalidValue, argumentsAttribute, string.Format(CultureInfo.InvariantCulture, "{0}: the built-in event '{1}' takes {2} arguments ({3}); {4} given.", Describe(argumentsAttribute), eventName, builtIn.Arguments.Count, string.Join(", ", builtIn.Arguments), arguments.Count));
                    return;
                }
            }

            _options.CustomApis.Add(new CustomApi(member.Value, eventName, arguments));
        }

        private void ReadDeny(XElement element)
        {
            CheckAttributes(element);
            var eventAttribute = element.Attribute("event");
            if (eventAttribute == null)
            {
                Problem(DiagnosticIds.MissingAttribute, element, "<Deny> needs event=\"...\": an event name or pattern, for example <Deny event=\"process.start\" />.");
                return;
            }

            AddAll(_options.DenyEvents, EventPatterns(eventAttribute));
        }

        private void ReadAllow(XElement element)
        {
            CheckAttributes(element);
            var assembly = element.Attribute("assembly");
            if (assembly == null)
            {
                Problem(DiagnosticIds.MissingAttribute, element, "<Allow> needs assembly=\"...\": an assembly name or pattern, for example <Allow assembly=\"Serilog*\" categories=\"file\" />.");
                return;
            }

            if (!s_assemblyPattern.IsMatch(assembly.Value))
            {
                Problem(DiagnosticIds.InvalidPattern, assembly, Describe(assembly) + " is not an assembly name or pattern: letters, digits, '.', '-', '_' with * as a wildcard, for example Serilog.Sinks.*.");
                return;
            }

            // An allow list may also grant the escape hatch unsafe (AW0006), which only a scan finds.
            var categories = element.Attribute("categories") is { } categoryList ? Categories(categoryList, DiagnosticIds.UnsafeCapability).ToList() : new List<string>();
            var events = element.Attribute("events") is { } eventList ? EventPatterns(eventList).ToList() : new List<string>();
            _allowLists.Add(new AssemblyAllowance(assembly.Value, new HashSet<string>(categories, StringComparer.Ordinal), events));
        }

        private void ReadDiagnostic(XElement element)
        {
            CheckAttributes(element);
            var id = element.Attribute("id");
            var severity = element.Attribute("severity");
            if (id == null || severity == null)
            {
                Problem(DiagnosticIds.MissingAttribute, element, "<Diagnostic> needs id=\"AWnnnn\" and severity=\"none|info|warning|error\".");
                return;
            }

            if (!DiagnosticIds.All.ContainsKey(id.Value))
            {
                Problem(DiagnosticIds.InvalidValue, id, Describe(id) + " is not an AuditWeaver diagnostic id. Valid ids: " + string.Join(", ", DiagnosticIds.All.Keys.OrderBy(k => k, StringComparer.Ordinal)) + ".");
                return;
            }

            if (TryEnum<DiagnosticSeverity>(severity, out var level))
            {
                _options.Severities[id.Value] = level;
            }
        }

        private void CheckAttributes(XElement element)
        {
            var known = Elements[element.Name.LocalName];
            foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration && !known.Contains(a.Name.LocalName)))
            {
                Problem(DiagnosticIds.UnknownAttribute, attribute, Describe(attribute) + " is not an attribute of <" + element.Name.LocalName + ">. Valid attributes: " + string.Join(", ", known) + ".");
            }
        }

        // Categories are checked once custom APIs (which may add categories) are known: this runs after the elements.
        private IEnumerable<string> Categories(XAttribute attribute, params string[] alsoValid)
        {
            var valid = CatalogCategories.All.Concat(_options.CustomApis.Select(a => a.Category)).Concat(alsoValid).Distinct().ToList();
            foreach (var name in Split(attribute.Value))
            {
                if (valid.Contains(name))
                {
                    yield return name;
                }
                else
                {
                    Problem(DiagnosticIds.UnknownCategory, attribute, Describe(attribute) + ": '" + name + "' is not a category. Valid categories: " + string.Join(", ", valid) + ".");
                }
            }
        }

        private IEnumerable<string> EventPatterns(XAttribute attribute)
        {
            foreach (var pattern in Split(attribute.Value))
            {
                if (s_eventPattern.IsMatch(pattern))
                {
                    yield return pattern;
                }
                else
                {
                    Problem(DiagnosticIds.InvalidPattern, attribute, Describe(attribute) + ": '" + pattern + "' is not an event pattern: lower-case names and dots with * as a wildcard, for example network.* or file.open.");
                }
            }
        }

        private IEnumerable<string> NamePatterns(XAttribute attribute)
        {
            foreach (var pattern in Split(attribute.Value))
            {
                if (s_namePattern.IsMatch(pattern))
                {
                    yield return pattern;
                }
                else
                {
                    Problem(DiagnosticIds.InvalidPattern, attribute, Describe(attribute) + ": '" + pattern + "' is not a name pattern: a dotted .NET name with * as a wildcard, for example Acme.Internal.*.");
                }
            }
        }

        // Every event pattern must name a known event or match at least one.
        private void CheckEventPatterns(XElement root)
        {
            var known = AuditCatalog.BuiltIn.Events.Select(e => e.Name).Concat(_options.CustomApis.Select(a => a.EventName)).Distinct().ToList();
            void Check(IEnumerable<string> patterns, XObject where)
            {
                foreach (var pattern in patterns)
                {
                    if (pattern.IndexOf('*') < 0 && !known.Contains(pattern))
                    {
                        Problem(DiagnosticIds.InvalidValue, where, "'" + pattern + "' is not an event. Valid events: " + string.Join(", ", known) + ".");
                    }
                    else if (!known.Any(e => Wildcard.IsMatch(pattern, e)))
                    {
                        Problem(DiagnosticIds.PatternMatchesNothing, where, "the pattern '" + pattern + "' matches no event.");
                    }
                }
            }

            Check(_options.Events, (XObject?)root.Attribute("Events") ?? root);
            Check(_options.ExcludedEvents, (XObject?)root.Attribute("ExcludeEvents") ?? root);
            Check(_options.DenyEvents, (XObject?)root.Element("Deny") ?? root);
            foreach (var allow in root.Elements("Allow"))
            {
                if (allow.Attribute("events") is { } events)
                {
                    Check(Split(events.Value).Where(p => s_eventPattern.IsMatch(p)), events);
                }
            }
        }

        private bool TryEnum<T>(XAttribute attribute, out T value)
            where T : struct
        {
            if (Enum.TryParse(attribute.Value, ignoreCase: true, out value) && Enum.IsDefined(typeof(T), value) && !attribute.Value.Any(char.IsDigit))
            {
                return true;
            }

            Problem(DiagnosticIds.InvalidValue, attribute, Describe(attribute) + " is not valid. Valid values: " + string.Join(", ", Enum.GetNames(typeof(T))) + ".");
            return false;
        }

        private bool TryBool(XAttribute attribute, out bool value)
        {
            if (bool.TryParse(attribute.Value, out value))
            {
                return true;
            }

            Problem(DiagnosticIds.InvalidValue, attribute, Describe(attribute) + " is not valid. Valid values: true, false.");
            return false;
        }

        private void Problem(string id, XObject where, string message) => _problems.Add((id, message, where));

        private string Locate(IXmlLineInfo? where) =>
            where != null && where.HasLineInfo()
                ? _source + "(" + where.LineNumber.ToString(CultureInfo.InvariantCulture) + "," + where.LinePosition.ToString(CultureInfo.InvariantCulture) + "): "
                : _source + ": ";

        private static int? Line(IXmlLineInfo? where) => where != null && where.HasLineInfo() ? where.LineNumber : null;

        private static string Describe(XAttribute attribute) =>
            (attribute.Parent?.Name.LocalName ?? "AuditWeaver") + " attribute " + attribute.Name.LocalName + "=\"" + attribute.Value + "\"";

        private static IEnumerable<string> Split(string value) =>
            value.Split(new[] { ' ', ',', '|', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries);

        private static void AddAll(IList<string> target, IEnumerable<string> values)
        {
            foreach (var value in values)
            {
                target.Add(value);
            }
        }
    }
}
