using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;
using AuditWeaver.Catalog;
using AuditWeaver.Hooks;
using AuditWeaver.Weaving;

namespace AuditWeaver;

/// <summary>
/// One audit event: what is about to happen (name, category, arguments) and, for events raised by woven code, the API
/// that raises it and where it is called from. Immutable.
/// </summary>
public sealed class AuditEvent
{
    private static readonly ReadOnlyCollection<object?> s_noArguments = new(Array.Empty<object?>());

    // The arguments as raised. They are wrapped read-only only when a hook asks for them: most hooks filter on the name
    // first, and the wrapper would be one more allocation on every event.
    private readonly object?[] _values;
    private ReadOnlyCollection<object?>? _arguments;

    // Where the event comes from (schema, API, caller, source line): a woven site's record is shared by all its events
    // rather than copied into each. Null for events without a schema (Audit.Raise).
    private readonly SiteRecord? _site;

    /// <summary>
    /// The category and the record come from the caller, which keeps them per site or per cataloged event: neither is
    /// computed here, once per event.
    /// </summary>
    internal AuditEvent(string name, string category, object?[] arguments, SiteRecord? site)
    {
        Name = name;
        Category = category;
        _values = arguments;
        _site = site;
    }

    /// <summary>The event name, e.g. <c>file.open</c>.</summary>
    public string Name { get; }

    /// <summary>The category: the part of <see cref="Name"/> before its first dot, e.g. <c>file</c>.</summary>
    public string Category { get; }

    /// <summary>The arguments, in the order of the event's schema (docs/events.md).</summary>
    public IReadOnlyList<object?> Arguments =>
        _arguments ??= _values.Length == 0 ? s_noArguments : new ReadOnlyCollection<object?>(_values);

    /// <summary>The names of the arguments from the event's schema; null for events raised by <see cref="Audit.Raise"/>.</summary>
    public IReadOnlyList<string>? ArgumentNames => _site?.ArgumentNames;

    /// <summary>
    /// The documentation-comment ID of the member the woven code calls, as the IL references it, e.g.
    /// <c>M:System.IO.File.ReadAllText(System.String)</c>. Null for events raised by <see cref="Audit.Raise"/> and by the
    /// runtime itself.
    /// </summary>
    public string? Api => _site?.Api;

    /// <summary>
    /// The method that contains the call site, e.g. <c>Acme.Importer.Run(System.String)</c>; for lambdas, local
    /// functions, iterators and async methods, the method the user wrote. Null for events raised by
    /// <see cref="Audit.Raise"/> and by the runtime itself.
    /// </summary>
    public string? Caller => _site?.Caller;

    /// <summary>The source file of the call site when the woven assembly had debug symbols; otherwise null.</summary>
    public string? SourceFile => _site?.SourceFile;

    /// <summary>The source line of the call site when the woven assembly had debug symbols; otherwise null.</summary>
    public int? Line => _site?.Line;

    /// <summary>The argument with the given schema name, or null when the event has no argument of that name.</summary>
    public object? GetArgument(string name)
    {
        if (ArgumentNames == null)
        {
            return null;
        }

        for (var i = 0; i < ArgumentNames.Count && i < _values.Length; i++)
        {
            if (string.Equals(ArgumentNames[i], name, StringComparison.Ordinal))
            {
                return _values[i];
            }
        }

        return null;
    }

    /// <summary>
    /// The arguments as one line of text, in the form <see cref="ToString"/> uses between the parentheses:
    /// <c>path: "data/a.txt", mode: Open, access: Read</c>. Empty when the event has no arguments.
    /// </summary>
    public string FormatArguments()
    {
        if (_values.Length == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder(64);
        ValueFormatter.AppendArguments(text, _values, ArgumentNames);
        return text.ToString();
    }

    /// <summary>
    /// One line: <c>name(arg: value, ...)</c>, then <c>api=</c>, <c>caller=</c> and <c>at file:line</c> when known.
    /// Strings are quoted with C# escapes; the same format is used by the sample and the event log.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder(128);
        text.Append(Name).Append('(');
        ValueFormatter.AppendArguments(text, _values, ArgumentNames);
        text.Append(')');
        if (Api != null)
        {
            text.Append(" api=").Append(Api);
        }

        if (Caller != null)
        {
            text.Append(" caller=").Append(Caller);
        }

        if (SourceFile != null)
        {
            text.Append(" at ").Append(SourceFile);
            if (Line != null)
            {
                text.Append(':').Append(Line.Value);
            }
        }

        return text.ToString();
    }

    internal static AuditEvent FromUser(string name, object?[]? args) =>
        new(name, CatalogCategories.CategoryOf(name), args == null ? Array.Empty<object?>() : (object?[])args.Clone(), null);
}
