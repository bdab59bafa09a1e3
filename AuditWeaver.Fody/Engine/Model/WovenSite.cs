namespace AuditWeaver.Fody.Engine;

/// <summary>One call site the engine audited, as recorded in the module's site table and the weave report.</summary>
public sealed class WovenSite
{
    internal WovenSite(int id, string eventName, string category, string api, string caller, string method, int ilOffset, string? sourceFile, int? line, bool denied)
    {
        Denied = denied;
        Id = id;
        EventName = eventName;
        Category = category;
        Api = api;
        Caller = caller;
        Method = method;
        ILOffset = ilOffset;
        SourceFile = sourceFile;
        Line = line;
    }

    public int Id { get; }

    public string EventName { get; }

    public string Category { get; }

    /// <summary>The documentation-comment ID of the called member as the IL references it.</summary>
    public string Api { get; }

    /// <summary>The method the user wrote (lambdas, iterators and async methods mapped back).</summary>
    public string Caller { get; }

    /// <summary>The method that contains the call in IL (for a lambda, the compiler-generated one).</summary>
    public string Method { get; }

    /// <summary>The metadata token of <see cref="Method"/> in the module read (the scan's call graph finds the method by it, not by name).</summary>
    internal int MethodToken { get; set; }

    /// <summary>The call's IL offset in the unwoven method.</summary>
    public int ILOffset { get; }

    public string? SourceFile { get; }

    public int? Line { get; }

    /// <summary>True when a &lt;Deny&gt; rule makes this call site always throw AuditDeniedException.</summary>
    public bool Denied { get; }
}
