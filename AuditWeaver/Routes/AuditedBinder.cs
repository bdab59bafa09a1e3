using System.Collections.ObjectModel;
#if NET8_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using AuditWeaver.Weaving;

namespace AuditWeaver.Routes;

/// <summary>
/// Stands in for a binder whose own binding code is not woven (Microsoft.CSharp's, or one from an unwoven library) when a
/// woven call site creates a CallSite or a DynamicExpression with it. The inner binder binds exactly as before, as itself
/// (an IDynamicMetaObjectProvider still sees the original binder); the rule it returns is rewritten so that calls to
/// cataloged members raise their events in the rule's body, on every call the rule serves from the DLR's caches.
/// </summary>
internal sealed class AuditedBinder : CallSiteBinder
{
    private readonly SiteTable? _table;
    private readonly int _site;

    internal AuditedBinder(CallSiteBinder inner, SiteTable? table, int site)
    {
        Inner = inner;
        _table = table;
        _site = site;
    }

    internal CallSiteBinder Inner { get; }

#if NET8_0_OR_GREATER
    [UnconditionalSuppressMessage("AOT", "IL3051", Justification = "Overrides the DLR's own binding entry point; the DLR needs dynamic code or interprets the rule.")]
    [RequiresDynamicCode("Binds through the DLR, as the wrapped binder does.")]
#endif
    public override Expression Bind(object[] args, ReadOnlyCollection<ParameterExpression> parameters, LabelTarget returnLabel) =>
        (Expression)ExpressionAuditor.Rewrite(_table, _site, Inner.Bind(args, parameters, returnLabel))!;

    /// <summary>A ready-made delegate of the inner binder is kept only when its code is woven; otherwise the DLR binds through <see cref="Bind"/>.</summary>
    public override T? BindDelegate<T>(CallSite<T> site, object[] args) where T : class =>
        (T?)DynamicBinding.KeptDelegate(Inner.BindDelegate(site, args));
}
