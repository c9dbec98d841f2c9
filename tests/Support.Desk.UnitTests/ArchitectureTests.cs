using System.Reflection;
using Support.Desk.Domain;

namespace Support.Desk.UnitTests;

/// <summary>Which parts of the core may know which: a dependency that points the wrong way fails here, not in review.</summary>
public class ArchitectureTests
{
    static readonly Type[] CoreTypes = typeof(Ticket).Assembly.GetTypes();

    /// <summary>Every type a type names in its signatures: base type, interfaces, fields, properties, constructors and methods.</summary>
    static IEnumerable<Type> Referenced(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        IEnumerable<Type> direct = new[] { type.BaseType }.OfType<Type>()
            .Concat(type.GetInterfaces())
            .Concat(type.GetFields(all).Select(f => f.FieldType))
            .Concat(type.GetProperties(all).Select(p => p.PropertyType))
            .Concat(type.GetConstructors(all).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
            .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
        return direct.SelectMany(Unwrap);
    }

    static IEnumerable<Type> Unwrap(Type type)
    {
        Type t = type.IsByRef || type.IsArray || type.IsPointer ? type.GetElementType()! : type;
        yield return t;
        if (t.IsGenericType)
        {
            foreach (Type argument in t.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return argument;
            }
        }
    }

    static string[] Violations(Func<string, bool> from, Func<string, bool> to) =>
        [.. CoreTypes.Where(t => t.Namespace is { } ns && from(ns))
            .SelectMany(t => Referenced(t).Where(r => r.Namespace is { } target && to(target)).Select(r => $"{t.FullName} -> {r.FullName}"))
            .Distinct()];

    [Fact]
    public void TicketFlow_AsksTheStatusModuleThroughAPort_NeverUsesItDirectly()
    {
        Assert.Empty(Violations(ns => ns.StartsWith("Support.Desk.Application", StringComparison.Ordinal), ns => ns == "Support.Desk.Status"));
    }

    [Fact]
    public void Domain_KnowsNeitherTheApplicationNorTheStatusModuleNorTheRoutes()
    {
        Assert.Empty(Violations(
            ns => ns.StartsWith("Support.Desk.Domain", StringComparison.Ordinal),
            ns => ns.StartsWith("Support.Desk.Application", StringComparison.Ordinal) || ns == "Support.Desk.Status" || ns == "Support.Desk.Routes"));
    }

    [Fact]
    public void Core_HasNoAzureFunctionsOrAspNetCoreTypes()
    {
        Assert.Empty(Violations(_ => true, ns => ns.StartsWith("Azure", StringComparison.Ordinal) || ns.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || ns.StartsWith("Microsoft.Azure", StringComparison.Ordinal) || ns.StartsWith("Microsoft.DurableTask", StringComparison.Ordinal)));
    }

    [Fact]
    public void Ports_AreOneInterfacePerFileUnderApplicationPorts()
    {
        Type[] ports = [.. CoreTypes.Where(t => t.IsInterface && t.IsPublic && t.Namespace?.StartsWith("Support.Desk.Application", StringComparison.Ordinal) == true)];

        Assert.All(ports, p => Assert.Equal("Support.Desk.Application.Ports", p.Namespace));
        Assert.True(ports.Length >= 8, $"only {ports.Length} ports found");
    }
}
