using System.Text;
using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Names the method a user wrote for a call site, seeing through what the C# compiler generates: async and iterator
/// state machines (<c>&lt;Run&gt;d__3.MoveNext</c> is <c>Run</c>), lambdas (<c>&lt;Run&gt;b__3_0</c> is
/// <c>Run.&lt;lambda&gt;</c>), local functions (<c>&lt;Run&gt;g__Helper|3_0</c> is <c>Run.Helper</c>) and top-level
/// statements (<c>&lt;Main&gt;$</c> is <c>Main</c>). The compiler nests these marks (an async lambda's state machine is
/// <c>&lt;&lt;Run&gt;b__3_0&gt;d</c>, a lambda in top-level statements <c>&lt;&lt;Main&gt;$&gt;b__0_0</c>), so a mark is
/// read to its matching bracket and its owner named by the same rule. The weave report, the site table (the event's
/// caller) and every text the scan prints take their names from here.
/// </summary>
internal static class CallerNames
{
    public static string Describe(MethodDefinition method)
    {
        var type = method.DeclaringType;

        // A state machine's MoveNext holds the body of the method its type is named after.
        var member = IsStateMachine(type) ? type.Name : method.Name;
        if (IsStateMachine(type))
        {
            type = type.DeclaringType;
        }

        // Closures live in <>c or <>c__DisplayClassN_M nested types; the member's own name carries the user's method.
        while (type.DeclaringType != null && type.Name.StartsWith("<", System.StringComparison.Ordinal))
        {
            type = type.DeclaringType;
        }

        return TypeName(type) + "." + MemberName(member);
    }

    /// <summary><c>Namespace.Outer.Inner</c> without generic arity marks.</summary>
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

    // <Owner>x__... where x is the kind letter the compiler uses (d: state machine, b: lambda, g: local function,
    // $: the method of top-level statements); Owner may itself be marked.
    private static string MemberName(string name)
    {
        if (!TryUnmangle(name, out var owner, out var kind, out var rest))
        {
            return name;
        }

        var ownerName = MemberName(owner);
        switch (kind)
        {
            case 'b':
                return ownerName + ".<lambda>";
            case 'g':
                return ownerName + "." + LocalFunctionName(rest);
            default:
                return ownerName;
        }
    }

    private static bool IsStateMachine(TypeDefinition type) =>
        type.DeclaringType != null && TryUnmangle(type.Name, out _, out var kind, out _) && kind == 'd';

    private static bool TryUnmangle(string name, out string owner, out char kind, out string rest)
    {
        owner = string.Empty;
        kind = '\0';
        rest = string.Empty;
        if (name.Length < 3 || name[0] != '<')
        {
            return false;
        }

        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            depth += name[i] == '<' ? 1 : name[i] == '>' ? -1 : 0;
            if (depth == 0)
            {
                if (i <= 1 || i + 1 >= name.Length)
                {
                    return false;
                }

                owner = name.Substring(1, i - 1);
                kind = name[i + 1];
                rest = name.Substring(i + 2);
                return true;
            }
        }

        return false;
    }

    // After the kind letter g: __Name|ordinal.
    private static string LocalFunctionName(string rest)
    {
        var start = rest.StartsWith("__", System.StringComparison.Ordinal) ? 2 : 0;
        var end = rest.IndexOf('|');
        return end <= start ? rest.Substring(start) : rest.Substring(start, end - start);
    }
}
