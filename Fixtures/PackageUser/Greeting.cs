using Castle.DynamicProxy;

namespace PackageUser;

public interface IGreeter
{
    string Greet(string name);
}

/// <summary>Answers every call on the proxy: the proxy type itself is emitted at run time by Castle.</summary>
public sealed class GreetingInterceptor : IInterceptor
{
    public void Intercept(IInvocation invocation) => invocation.ReturnValue = "hello, " + invocation.Arguments[0] + " (intercepted " + invocation.Method.Name + ")";
}
