using System;

namespace Collect.Runtime.Jobs;

/// <summary>
/// The answer to a <see cref="StringPrompt"/>: button 0 (OK) with a text, or button 1 (cancel).
/// A <see cref="string"/> converts to an OK answer.
/// </summary>
/// <param name="Button">0 for OK, 1 for cancel (CONTRACT.md).</param>
/// <param name="Value">The text; for a cancel, null sends the prompt's default back.</param>
public readonly record struct StringAnswer(int Button, string? Value)
{
    /// <summary>The button that accepts the text.</summary>
    public const int OkButton = 0;

    /// <summary>The button that cancels the prompt.</summary>
    public const int CancelButton = 1;

    /// <summary>Accepts <paramref name="value"/>.</summary>
    public static StringAnswer Ok(string value) => new(OkButton, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Cancels the prompt (the server usually ends the job early and rolls it back).</summary>
    public static StringAnswer Cancel => new(CancelButton, null);

    /// <summary>Accepts <paramref name="value"/>.</summary>
    public static implicit operator StringAnswer(string value) => Ok(value);
}

/// <summary>
/// The answer to a <see cref="DatePrompt"/>: button 0 (OK) with a date, sent as <c>yyyy-MM-dd</c>, or
/// button 1 (cancel). A <see cref="DateOnly"/> converts to an OK answer.
/// </summary>
/// <param name="Button">0 for OK, 1 for cancel (CONTRACT.md).</param>
/// <param name="Value">The date; for a cancel, null sends the prompt's default back.</param>
public readonly record struct DateAnswer(int Button, DateOnly? Value)
{
    /// <summary>The button that accepts the date.</summary>
    public const int OkButton = 0;

    /// <summary>The button that cancels the prompt.</summary>
    public const int CancelButton = 1;

    /// <summary>Accepts <paramref name="value"/>.</summary>
    public static DateAnswer Ok(DateOnly value) => new(OkButton, value);

    /// <summary>Cancels the prompt (the server usually ends the job early and rolls it back).</summary>
    public static DateAnswer Cancel => new(CancelButton, null);

    /// <summary>Accepts <paramref name="value"/>.</summary>
    public static implicit operator DateAnswer(DateOnly value) => Ok(value);
}

/// <summary>
/// The answer to a <see cref="FormPrompt{TForm}"/>: a button <em>value</em> from the form's
/// structure (e.g. <c>4631</c> for OK on Schedule Next Contact, the generated
/// <c>Buttons.Ok</c> constant), not a position, and the form's data. Send the form the prompt
/// carried, changed with <c>with { ... }</c>, so every default it came with goes back.
/// </summary>
/// <typeparam name="TForm">The form type.</typeparam>
/// <param name="Button">The button's value.</param>
/// <param name="Data">The form's data to send back.</param>
public readonly record struct FormAnswer<TForm>(int Button, TForm Data) where TForm : ICollectForm;

/// <summary>Creates <see cref="FormAnswer{TForm}"/>s with the form type inferred.</summary>
public static class FormAnswer
{
    /// <summary>An answer pressing the button with value <paramref name="button"/> and sending <paramref name="data"/>.</summary>
    public static FormAnswer<TForm> Create<TForm>(int button, TForm data) where TForm : ICollectForm => new(button, data);
}
