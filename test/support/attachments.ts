/** Files for the attachment suites: what tickets take, and what they refuse whatever its name. */
import { Buffer } from 'node:buffer';

/** A real 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A log file, ANSI colours and all. */
export const LOG = Buffer.from('2026-11-23T09:00:00Z INFO worker started\n2026-11-23T09:00:01Z \u001b[31mERROR\u001b[0m report query timed out after 30s\n');

/** The start of a Windows program (an MZ header): what an executable renamed .txt looks like. */
export const EXECUTABLE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);

/** An HTML page (with a script), as someone might rename it .png. */
export const HTML_PAGE = Buffer.from('<!DOCTYPE html>\n<html><body><script>fetch("/graphql")</script></body></html>\n');

/** Text of exactly `bytes` bytes. */
export const textOfSize = (bytes: number) => Buffer.alloc(bytes, 'a');
