using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Tests.Infrastructure;

/// <summary>
/// The child-process side of the corpus check: loads each listed assembly into a load context of its own and forces the
/// JIT over every method that has a body (generic ones instantiated over a reference and a value type), printing
/// counts per assembly and one line per failure, which <see cref="PreparationResult"/> reads back.
/// </summary>
/// <remarks>
/// The list file has one line per assembly: its path, a tab, and the folder its dependencies are taken from first
/// (empty: every dependency binds to this process's own, which is how framework names must bind).
/// </remarks>
internal static class MethodPreparer
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    internal static int Run(string listFile)
    {
        foreach (var line in File.ReadAllLines(listFile))
        {
            var fields = line.Split('\t');
            var context = new DependencyFirstContext(Path.GetFileNameWithoutExtension(fields[0]), fields[1]);
            var counts = new AssemblyCounts(Path.GetFileName(fields[0]));
            try
            {
                Prepare(context.LoadFromAssemblyPath(fields[0]), counts);
            }
            catch (Exception exception) when (exception is BadImageFormatException or FileLoadException or FileNotFoundException)
            {
                counts.Fail("(assembly)", exception);
            }

            counts.Print();
        }

        return 0;
    }

    /// <summary>The same check in this process, for an assembly a test has loaded itself.</summary>
    internal static AssemblyCounts Prepare(Assembly assembly)
    {
        var counts = new AssemblyCounts(assembly.GetName().Name + ".dll");
        Prepare(assembly, counts);
        return counts;
    }

    private static void Prepare(Assembly assembly, AssemblyCounts counts)
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            types = exception.Types;
            foreach (var loaderException in exception.LoaderExceptions.OfType<Exception>())
            {
                counts.Fail("(types)", loaderException);
            }
        }

        foreach (var type in types.OfType<Type>())
        {
            counts.Types++;
            try
            {
                PrepareType(type, counts);
            }
            catch (Exception exception) when (exception is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                counts.Fail(type.FullName + " (members)", exception);
            }
        }
    }

    private static void PrepareType(Type type, AssemblyCounts counts)
    {
        var methods = type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)).Where(HasBody).ToList();
        counts.Methods += methods.Count;
        if (methods.Count == 0)
        {
            return;
        }

        var instantiations = type.IsGenericTypeDefinition ? Instantiate(type.GetGenericArguments(), type.MakeGenericType, type.FullName!, counts) : new List<Type> { type };
        if (instantiations.Count == 0)
        {
            counts.NotInstantiable += methods.Count;
            return;
        }

        foreach (var method in methods)
        {
            var instantiated = false;
            foreach (var instance in instantiations)
            {
                var member = instance == type ? method : MethodBase.GetMethodFromHandle(method.MethodHandle, instance.TypeHandle)!;
                var key = type.FullName + Label(instance) + "::" + method;
                if (member is MethodInfo { IsGenericMethodDefinition: true } generic)
                {
                    foreach (var closed in Instantiate(generic.GetGenericArguments(), generic.MakeGenericMethod, key, counts))
                    {
                        instantiated = true;
                        Prepare(closed, key + Label(closed), counts);
                    }
                }
                else
                {
                    instantiated = true;
                    Prepare(member, key, counts);
                }
            }

            if (!instantiated)
            {
                counts.NotInstantiable++;
            }
        }
    }

    private static void Prepare(MethodBase method, string key, AssemblyCounts counts)
    {
        try
        {
            // On .NET 10 PrepareMethod alone compiles nothing for a method that has no entry point of its own yet, as a
            // virtual method (an override, an interface implementation, a state machine's MoveNext) does until it is
            // first called or its pointer taken: taking the pointer first makes PrepareMethod compile it.
            method.MethodHandle.GetFunctionPointer();
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
            counts.Prepared++;
        }
        catch (Exception exception)
        {
            counts.Fail(key, exception);
        }
    }

    // Over object where the constraints allow, and over int: the two ways the JIT compiles generic code (shared, and
    // specialised per value type). An argument list the constraints refuse is no failure, just not instantiable.
    private static List<T> Instantiate<T>(Type[] parameters, Func<Type[], T> make, string key, AssemblyCounts counts)
    {
        var candidates = new[]
        {
            parameters.Select(p => (p.GenericParameterAttributes & GenericParameterAttributes.NotNullableValueTypeConstraint) != 0 ? typeof(int) : typeof(object)).ToArray(),
            parameters.Select(p => (p.GenericParameterAttributes & GenericParameterAttributes.ReferenceTypeConstraint) != 0 ? typeof(object) : typeof(int)).ToArray(),
        };
        var made = new List<T>();
        foreach (var arguments in candidates.DistinctBy(c => string.Join(",", c.Select(t => t.Name))))
        {
            try
            {
                made.Add(make(arguments));
            }
            catch (ArgumentException)
            {
                // The constraints refuse these arguments.
            }
            catch (Exception exception) when (exception is TypeLoadException or FileNotFoundException or FileLoadException)
            {
                counts.Fail(key + "<" + string.Join(",", arguments.Select(a => a.Name)) + ">", exception);
            }
        }

        return made;
    }

    private static string Label(MemberInfo member) => member switch
    {
        Type { IsConstructedGenericType: true } type => "<" + string.Join(",", type.GenericTypeArguments.Select(a => a.Name)) + ">",
        MethodInfo { IsGenericMethod: true } method => "<" + string.Join(",", method.GetGenericArguments().Select(a => a.Name)) + ">",
        _ => string.Empty,
    };

    private static bool HasBody(MethodBase method)
    {
        var implementation = method.MethodImplementationFlags;
        return !method.IsAbstract
            && (method.Attributes & MethodAttributes.PinvokeImpl) == 0
            && (implementation & MethodImplAttributes.CodeTypeMask) == MethodImplAttributes.IL
            && (implementation & MethodImplAttributes.InternalCall) == 0;
    }

    /// <summary>Binds the assembly's references to the copies in its folder first (woven ones, when it is woven), then to this process's.</summary>
    private sealed class DependencyFirstContext : AssemblyLoadContext
    {
        private readonly string _folder;

        internal DependencyFirstContext(string name, string folder)
            : base(name)
        {
            _folder = folder;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // The runtime is one per process, as in a woven application; it is never woven, so this process's copy is it.
            if (_folder.Length == 0 || assemblyName.Name == "AuditWeaver")
            {
                return null;
            }

            var path = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    /// <summary>What one assembly gave, printed as lines <see cref="PreparationResult"/> parses.</summary>
    internal sealed class AssemblyCounts
    {
        private readonly string _file;
        private readonly List<string> _failures = new();

        internal AssemblyCounts(string file) => _file = file;

        internal int Types { get; set; }

        internal int Methods { get; set; }

        internal int Prepared { get; set; }

        internal int NotInstantiable { get; set; }

        /// <summary>One line per failure: the member, the exception type and its message.</summary>
        internal IReadOnlyList<string> Failures => _failures;

        internal void Fail(string key, Exception exception) =>
            _failures.Add(string.Join('\t', "failure", _file, key, exception.GetType().FullName, exception.Message.ReplaceLineEndings(" ")));

        internal void Print()
        {
            Console.WriteLine(string.Join('\t', "assembly", _file, Types, Methods, Prepared, NotInstantiable));
            foreach (var failure in _failures)
            {
                Console.WriteLine(failure);
            }
        }
    }
}
