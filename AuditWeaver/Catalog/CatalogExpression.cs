using System.Collections.Generic;
using System.Linq;

namespace AuditWeaver.Catalog;

/// <summary>
/// How one event argument is computed at the call site: a parameter (<c>$0</c>), the receiver (<c>$this</c>), a literal,
/// a property read (<c>$0.RemoteEndPoint</c>) or a call to one of the runtime's argument functions (<c>host($0)</c>).
/// </summary>
internal abstract class CatalogExpression
{
    public abstract override string ToString();

    /// <summary>Every parameter index this expression reads, including through nested expressions.</summary>
    internal abstract IEnumerable<int> Parameters();

    internal abstract bool UsesReceiver();
}

internal sealed class ParameterExpression : CatalogExpression
{
    internal ParameterExpression(int index) => Index = index;

    internal int Index { get; }

    public override string ToString() => "$" + Index;

    internal override IEnumerable<int> Parameters() => new[] { Index };

    internal override bool UsesReceiver() => false;
}

/// <summary><c>$result</c>: the value the call returned, in an <c>after</c> clause.</summary>
internal sealed class ResultExpression : CatalogExpression
{
    public override string ToString() => "$result";

    internal override IEnumerable<int> Parameters() => Enumerable.Empty<int>();

    internal override bool UsesReceiver() => false;
}

internal sealed class ReceiverExpression : CatalogExpression
{
    public override string ToString() => "$this";

    internal override IEnumerable<int> Parameters() => Enumerable.Empty<int>();

    internal override bool UsesReceiver() => true;
}

internal sealed class LiteralExpression : CatalogExpression
{
    internal LiteralExpression(object? value) => Value = value;

    /// <summary>A string, an int, a bool, or null.</summary>
    internal object? Value { get; }

    public override string ToString() => Value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        _ => Value.ToString()!,
    };

    internal override IEnumerable<int> Parameters() => Enumerable.Empty<int>();

    internal override bool UsesReceiver() => false;
}

internal sealed class PropertyExpression : CatalogExpression
{
    internal PropertyExpression(CatalogExpression target, string property)
    {
        Target = target;
        Property = property;
    }

    internal CatalogExpression Target { get; }

    internal string Property { get; }

    public override string ToString() => Target + "." + Property;

    internal override IEnumerable<int> Parameters() => Target.Parameters();

    internal override bool UsesReceiver() => Target.UsesReceiver();
}

internal sealed class FunctionExpression : CatalogExpression
{
    internal FunctionExpression(string function, IReadOnlyList<CatalogExpression> arguments)
    {
        Function = function;
        Arguments = arguments;
    }

    /// <summary>The catalog's lower-case name; the runtime method is <see cref="CatalogFunctions.MethodName"/>.</summary>
    internal string Function { get; }

    internal IReadOnlyList<CatalogExpression> Arguments { get; }

    public override string ToString() => Function + "(" + string.Join(", ", Arguments.Select(a => a.ToString())) + ")";

    internal override IEnumerable<int> Parameters() => Arguments.SelectMany(a => a.Parameters());

    internal override bool UsesReceiver() => Arguments.Any(a => a.UsesReceiver());
}
