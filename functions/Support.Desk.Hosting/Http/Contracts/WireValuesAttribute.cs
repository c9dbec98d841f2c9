using System.Reflection;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Http.Contracts;

/// <summary>A string property that carries one of an enum's wire names (<see cref="WireNames"/>): the schema lists them.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class WireValuesAttribute(Type enumType) : Attribute
{
    public IReadOnlyList<string> Values { get; } = (IReadOnlyList<string>)typeof(WireNames).GetMethod(nameof(WireNames.AllOf), BindingFlags.Public | BindingFlags.Static)!
        .MakeGenericMethod(enumType).Invoke(null, null)!;
}
