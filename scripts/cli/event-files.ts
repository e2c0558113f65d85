/**
 * @module Reading events from files: JSON (one or an array), JSON Lines,
 * or folders of them.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** One event's text, with where it came from. */
export type EventText = {
  /** `file` or `file:line`, for messages. */
  readonly origin: string;
  /** The event as JSON text (not yet validated). */
  readonly text: string;
};

const LINE_FORMATS = new Set(['.jsonl', '.ndjson']);
const EVENT_FORMATS = new Set(['.json', ...LINE_FORMATS]);

const listFiles = async (path: string): Promise<string[]> => {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter(
        (entry) => entry.isDirectory() || EVENT_FORMATS.has(extname(entry.name))
      )
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((entry) => listFiles(join(path, entry.name)))
  );

  return nested.flat();
};

const splitFile = (file: string, content: string): EventText[] => {
  if (LINE_FORMATS.has(extname(file))) {
    return content
      .split('\n')
      .map((text, index) => ({
        origin: `${file}:${index + 1}`,
        text: text.trim(),
      }))
      .filter((line) => line.text !== '');
  }
  try {
    const parsed: unknown = JSON.parse(content);
    if (Array.isArray(parsed)) {
      return parsed.map((event, index) => ({
        origin: `${file}[${index}]`,
        text: JSON.stringify(event),
      }));
    }
  } catch {
    // Kept whole: the decoder reports it as invalid JSON with its reason.
  }

  return [{ origin: file, text: content }];
};

/**
 * Reads every event in the given files and folders, in path order then
 * file order. Folders are read recursively, taking `.json`, `.jsonl` and
 * `.ndjson` files.
 */
export const readEventTexts = async (
  paths: readonly string[]
): Promise<EventText[]> => {
  const texts: EventText[] = [];
  for (const path of paths) {
    for (const file of await listFiles(path)) {
      texts.push(...splitFile(file, await readFile(file, 'utf8')));
    }
  }

  return texts;
};
