using System.Reflection;
using System.Runtime.CompilerServices;

namespace AuditWeaver.Routes;

/// <summary>
/// MethodInvoker and ConstructorInvoker do not expose the member they invoke. Woven code records it when an invoker is
/// created, so that each Invoke can raise the member's event. Weak keys: invokers are not kept alive.
/// </summary>
internal static class InvokerTable
{
    private static readonly ConditionalWeakTable<object, MethodBase> s_members = new();

    internal static void Remember(object invoker, MethodBase member)
    {
        s_members.Remove(invoker);
        s_members.Add(invoker, member);
    }

    internal static MethodBase? MemberOf(object invoker) => s_members.TryGetValue(invoker, out var member) ? member : null;
}
