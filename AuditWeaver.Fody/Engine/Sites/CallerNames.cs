using System.Text;
using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Names the method a user wrote for a call site, seeing through what the C# compiler generates: async and iterator
/// state machines (<c>&lt;Run&gt;d__3.MoveNext</c> is <c>Run</c>), lambdas (<c>&lt;Run&gt;b__3_0</c> is
/// <c>Run.&lt;lambda&gt;</c>) and local functions (<c>&lt;Run&gt;g__Helper|3_0</c> is <c>Run.Helper</c>).
/// </summary>
internal static class CallerNames
{
    public static string Describe(MethodDefinition method)
    {
        var type = method.DeclaringType;
        var name = method.Name;

        // State machines: the nested type is named after the user's method, and MoveNext holds its body.
        if (TryUnmangle(type.Name, out var stateMachineOf, out var typeKind) && typeKind is 'd')
        {
            return TypeName(type.DeclaringType) + "." + stateMachineOf;
        }

        // Closures live in <>c or <>c__DisplayClassN_M nested types: the method name carries the user's method.
        while (type.DeclaringType != null && type.Name.StartsWith("<>", System.StringComparison.Ordinal))
        {
            type = type.DeclaringType;
        }

        if (TryUnmangle(name, out var owner, out var kind))
        {
            switch (kind)
            {
                case 'b':
                    return TypeName(type) + "." + owner + ".<lambda>";
                case 'g':
                    return TypeName(type) + "." + owner + "." + LocalFunctionName(name);
                case '$':
                    // Top-level statements compile to <Main>$.
                    return TypeName(type) + "." + owner;
            }
        }

        return TypeName(type) + "." + name;
    }

    /// <summary><c>Namespace.Outer.Inner</c> without generic arity marks.</summary>
    public static string TypeName(TypeReference type)
    {
        var text = new StringBuilder();
        if (type.DeclaringType != null)
        {
            text.Append(TypeName(type.DeclaringType)).Append('.');
        }
        else if (type.Namespace.Length > 0)
        {
            text.Append(type.Namespace).Append('.');
        }

        var tick = type.Name.IndexOf('`');
        text.Append(tick < 0 ? type.Name : type.Name.Substring(0, tick));
        return text.ToString();
    }

    // <Owner>x__... where x is the kind letter the compiler uses (d: state machine, b: lambda, g: local function).
    private static bool TryUnmangle(string name, out string owner, out char kind)
    {
        owner = string.Empty;
        kind = '\0';
        if (name.Length < 4 || name[0] != '<')
        {
            return false;
        }

        var close = name.IndexOf('>');
        if (close <= 1 || close + 1 >= name.Length)
        {
            return false;
        }

        owner = name.Substring(1, close - 1);
        kind = name[close + 1];
        return true;
    }

    private static string LocalFunctionName(string name)
    {
        var start = name.IndexOf("__", System.StringComparison.Ordinal);
        var end = name.IndexOf('|');
        return start < 0 || end <= start ? name : name.Substring(start + 2, end - start - 2);
    }
}
