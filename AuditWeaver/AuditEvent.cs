using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;
using System.Threading;
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
    private static readonly object s_true = true;
    private static readonly object s_false = false;

    // Sixteen bytes of object header and these six fields make 64 bytes: one allocation per event. Everything that does
    // not change from event to event (name, category, schema, API, caller, source line) is the record's, shared by
    // every event of a site. Up to four arguments are kept inline; more are kept in an array in _a0. Arguments the
    // record's Scalars marks were passed unboxed and live in _scalars, boxed only when someone reads them. The first
    // slot the arguments leave free caches the read-only view Arguments hands out (most hooks never ask for it).
    //
    // Immutable to everyone who can see it. The fields are writable for one reason: when no hook or consumer can keep an
    // event (HookInspection, IAuditConsumer.KeepsEvents), the thread refills one object for its next event instead of
    // allocating (Reuse), once dispatch of the last one has returned.
    private SiteRecord _site;
    private long _scalars;
    private object? _a0;
    private object? _a1;
    private object? _a2;
    private object? _a3;

    internal AuditEvent(SiteRecord site, object? a0, object? a1, object? a2, object? a3, long scalars = 0)
    {
        // Reuse sets it again; the compiler's definite-assignment check needs it here.
        _site = site;
        Reuse(site, a0, a1, a2, a3, scalars);
    }

    /// <summary>Makes this object the event of <paramref name="site"/>: only for the thread's spare, outside dispatch.</summary>
    internal void Reuse(SiteRecord site, object? a0, object? a1, object? a2, object? a3, long scalars)
    {
        // A loop raises the same site again and again: comparing first saves the write barrier.
        if (!ReferenceEquals(_site, site))
        {
            _site = site;
        }

        _a0 = a0;
        _a1 = a1;
        _a2 = a2;
        _a3 = a3;
        _scalars = scalars;
    }

    /// <summary>Lets go of the arguments, so that the spare keeps nothing alive between events.</summary>
    internal void Release()
    {
        _a0 = null;
        _a1 = null;
        _a2 = null;
        _a3 = null;
    }

    /// <summary>The event name, e.g. <c>file.open</c>.</summary>
    public string Name => _site.EventName;

    /// <summary>The category: the part of <see cref="Name"/> before its first dot, e.g. <c>file</c>.</summary>
    public string Category => _site.Category;

    /// <summary>The arguments, in the order of the event's schema (docs/events.md).</summary>
    public IReadOnlyList<object?> Arguments => _site.Arity switch
    {
        0 => s_noArguments,
        1 => Cached(ref _a1) ?? Cache(ref _a1, InlineView()),
        2 => Cached(ref _a2) ?? Cache(ref _a2, InlineView()),
        3 => Cached(ref _a3) ?? Cache(ref _a3, InlineView()),
        4 => InlineView(),
        _ => Cached(ref _a1) ?? Cache(ref _a1, new ReadOnlyCollection<object?>((object?[])_a0!)),
    };

    /// <summary>The names of the arguments from the event's schema; null for events raised by <see cref="Audit.Raise"/>.</summary>
    public IReadOnlyList<string>? ArgumentNames => _site.ArgumentNames;

    /// <summary>
    /// The documentation-comment ID of the member the woven code calls, as the IL references it, e.g.
    /// <c>M:System.IO.File.ReadAllText(System.String)</c>. Null for events raised by <see cref="Audit.Raise"/> and by the
    /// runtime itself.
    /// </summary>
    public string? Api => _site.Api;

    /// <summary>
    /// The method that contains the call site, e.g. <c>Acme.Importer.Run(System.String)</c>; for lambdas, local
    /// functions, iterators and async methods, the method the user wrote. Null for events raised by
    /// <see cref="Audit.Raise"/> and by the runtime itself.
    /// </summary>
    public string? Caller => _site.Caller;

    /// <summary>The source file of the call site when the woven assembly had debug symbols; otherwise null.</summary>
    public string? SourceFile => _site.SourceFile;

    /// <summary>The source line of the call site when the woven assembly had debug symbols; otherwise null.</summary>
    public int? Line => _site.Line;

    /// <summary>The record this event shares with every other event of its site.</summary>
    internal SiteRecord Site => _site;

    /// <summary>How many arguments the event carries.</summary>
    internal int ArgumentCount => _site.Arity;

    /// <summary>The argument with the given schema name, or null when the event has no argument of that name.</summary>
    public object? GetArgument(string name)
    {
        var names = ArgumentNames;
        if (names == null)
        {
            return null;
        }

        for (var i = 0; i < names.Count && i < ArgumentCount; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return ArgumentAt(i);
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
        if (ArgumentCount == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder(64);
        ValueFormatter.AppendArguments(text, this);
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
        ValueFormatter.AppendArguments(text, this);
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

    /// <summary>Argument <paramref name="index"/> (below <see cref="ArgumentCount"/>), boxed if it was passed unboxed.</summary>
    internal object? ArgumentAt(int index)
    {
        if (_site.Arity > 4)
        {
            return ((object?[])_a0!)[index];
        }

        if (IsScalar(index, out var kind, out var bits))
        {
            return Box(kind, bits);
        }

        return index switch
        {
            0 => _a0,
            1 => _a1,
            2 => _a2,
            _ => _a3,
        };
    }

    /// <summary>
    /// True when argument <paramref name="index"/> was passed unboxed: <paramref name="kind"/> is its
    /// <see cref="ScalarKinds"/> letter and <paramref name="bits"/> its value, sign- or zero-extended to 64 bits.
    /// </summary>
    internal bool IsScalar(int index, out char kind, out long bits)
    {
        var kinds = _site.Scalars;
        if (kinds == null || index >= kinds.Length || kinds[index] == ScalarKinds.Reference)
        {
            kind = ScalarKinds.Reference;
            bits = 0;
            return false;
        }

        kind = kinds[index];
        var raw = (ulong)_scalars >> ScalarKinds.Offset(kinds, index);
        bits = kind switch
        {
            'b' => (sbyte)raw,
            's' => (short)raw,
            'i' => (int)raw,
            'Z' or 'B' => (byte)raw,
            'C' or 'S' => (ushort)raw,
            'I' => (uint)raw,
            _ => (long)raw,
        };
        return true;
    }

    /// <summary>An event of <paramref name="site"/> with the arguments in <paramref name="values"/>, which it keeps.</summary>
    internal static AuditEvent FromArray(SiteRecord site, object?[] values)
    {
        if (values.Length != site.Arity || site.Scalars != null)
        {
            site = site.WithArity(values.Length);
        }

        return values.Length switch
        {
            0 => new AuditEvent(site, null, null, null, null),
            1 => new AuditEvent(site, values[0], null, null, null),
            2 => new AuditEvent(site, values[0], values[1], null, null),
            3 => new AuditEvent(site, values[0], values[1], values[2], null),
            4 => new AuditEvent(site, values[0], values[1], values[2], values[3]),
            _ => new AuditEvent(site, values, null, null, null),
        };
    }

    /// <summary>An event raised by <see cref="Audit.Raise"/>; <paramref name="args"/> is the caller's and may change later, so it is copied.</summary>
    internal static AuditEvent FromUser(SiteRecord record, object?[]? args) =>
        args == null || args.Length == 0 ? new AuditEvent(record, null, null, null, null)
        : args.Length <= 4 ? FromArray(record, args)
        : new AuditEvent(record, args.Clone(), null, null, null);

    private static object Box(char kind, long bits) => kind switch
    {
        'Z' => bits != 0 ? s_true : s_false,
        'C' => (char)bits,
        'b' => (sbyte)bits,
        'B' => (byte)bits,
        's' => (short)bits,
        'S' => (ushort)bits,
        'i' => (int)bits,
        'I' => (uint)bits,
        'L' => (ulong)bits,
        _ => bits,
    };

    private ReadOnlyCollection<object?> InlineView()
    {
        var values = new object?[_site.Arity];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ArgumentAt(i);
        }

        return new ReadOnlyCollection<object?>(values);
    }

    private static ReadOnlyCollection<object?>? Cached(ref object? slot) => Volatile.Read(ref slot) as ReadOnlyCollection<object?>;

    // Two threads may each make a view; the first one stored is the one every later reader gets.
    private static ReadOnlyCollection<object?> Cache(ref object? slot, ReadOnlyCollection<object?> view) =>
        Interlocked.CompareExchange(ref slot, view, null) as ReadOnlyCollection<object?> ?? view;
}
