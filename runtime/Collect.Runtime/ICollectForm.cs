using System.Collections.Generic;
using System.Text.Json;

namespace Collect.Runtime;

/// <summary>A form that web-socket prompts carry by <c>formid</c>, answered with a button value and the form's data.</summary>
public interface ICollectForm
{
    /// <summary>
    /// Values the prompt carried for columns the form type does not declare; they are sent back
    /// unchanged, so an answer keeps every default the form came with.
    /// </summary>
    IReadOnlyDictionary<string, JsonElement>? OtherValues { get; }

    /// <summary>Writes the form's data as the properties of the current JSON object.</summary>
    void WriteData(Utf8JsonWriter writer);
}

/// <summary>A generated form type: its id, buttons and reflection-free JSON mapping.</summary>
/// <typeparam name="TSelf">The generated form type.</typeparam>
public interface ICollectForm<TSelf> : ICollectForm where TSelf : ICollectForm<TSelf>
{
    /// <summary>The form's id, as prompts carry it in <c>formid</c>.</summary>
    static abstract string Id { get; }

    /// <summary>The form's buttons: name and value (the value is what an answer sends).</summary>
    static abstract IReadOnlyList<FormButton> ButtonList { get; }

    /// <summary>Reads the form's data; the reader is at the data's <c>{</c>.</summary>
    static abstract TSelf ReadJson(ref Utf8JsonReader reader);
}

/// <summary>A form button: its name and the value an answer sends.</summary>
/// <param name="Name">The button's name, e.g. <c>Ok</c>.</param>
/// <param name="Value">The button's value, e.g. <c>4631</c>.</param>
public readonly record struct FormButton(string Name, int Value);
