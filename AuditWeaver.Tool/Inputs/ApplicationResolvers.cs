using System;
using System.Collections.Generic;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// One reference resolver per application of the input, made when it is first needed: two apps in one folder may carry
/// different versions of the same assembly, and each app's references are found among its own files and framework.
/// </summary>
internal sealed class ApplicationResolvers : IDisposable
{
    private readonly IReadOnlyList<string> _references;
    private readonly Dictionary<ApplicationFolder, ToolAssemblyResolver> _resolvers = new();

    internal ApplicationResolvers(IReadOnlyList<string> references)
    {
        _references = references;
    }

    internal ToolAssemblyResolver For(ApplicationFolder application)
    {
        if (!_resolvers.TryGetValue(application, out var resolver))
        {
            resolver = application.CreateResolver(_references);
            _resolvers.Add(application, resolver);
        }

        return resolver;
    }

    public void Dispose()
    {
        foreach (var resolver in _resolvers.Values)
        {
            resolver.Dispose();
        }

        _resolvers.Clear();
    }
}
