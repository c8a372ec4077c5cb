import type { PropertyValue } from './apiResources';

/**
 * A sensitive step or action property in a file. Its value never leaves the server, so a pull
 * writes a placeholder in its place: a reference to the property itself (`#{Key}`), which a step's
 * own properties are while it runs. When the file is pushed back to a server whose copy of the
 * action has that property sensitive, the placeholder keeps the stored value (`{HasValue: true}`
 * with no new value) instead of overwriting the secret with the placeholder's text.
 */
export function sensitivePlaceholder(key: string): string {
  return `#{${key}}`;
}

/** What to send for a property whose file text is `text`, given the server's current value. */
export function keepSensitive(key: string, text: string, current: PropertyValue | undefined): PropertyValue {
  if (text === sensitivePlaceholder(key) && current !== null && typeof current === 'object' && current.HasValue)
    return { ...current };
  return text;
}
