using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Threading.Tasks;

namespace Tests.Reliability;

/// <summary>
/// Calls a fixture's public static entry point with a folder and describes what happened as one line: the value it
/// returned (a task's result, a sequence's items) or the exception it threw, so that two runs compare as text.
/// </summary>
internal static class EntryPoint
{
    internal static string Run(Assembly assembly, string typeName, string methodName, string folder)
    {
        var method = assembly.GetType(typeName, throwOnError: true)!.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException(typeName + " has no public static " + methodName + ".");
        try
        {
            return "returned " + Describe(Complete(method.Invoke(null, new object[] { folder })));
        }
        catch (TargetInvocationException exception) when (exception.InnerException != null)
        {
            return Threw(exception.InnerException);
        }
        catch (Exception exception)
        {
            // A task's or a sequence's own exception, which reflection did not wrap.
            return Threw(exception);
        }
    }

    // A task is awaited and a lazy sequence enumerated here, so that their exceptions are described like any other.
    private static object? Complete(object? value)
    {
        switch (value)
        {
            case Task task:
                task.GetAwaiter().GetResult();
                return task.GetType().GetProperty("Result")?.GetValue(task);
            case IEnumerable<string> items:
                return string.Join("|", items);
            default:
                return value;
        }
    }

    private static string Describe(object? value) => value == null ? "null" : Convert.ToString(value, CultureInfo.InvariantCulture)!;

    private static string Threw(Exception exception) => "threw " + exception.GetType().FullName + ": " + exception.Message;
}
