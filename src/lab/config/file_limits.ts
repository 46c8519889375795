/**
 * How large a file the app opens may be, checked by the page before it reads the file and again
 * by the worker that parses it, so a huge file is refused with its size before any work is done.
 */

/** A checkpoint written by the exported experiment.py (bytes). */
export const MAX_CHECKPOINT_BYTES = 64 * 1024 * 1024;

/** A model file opened with "Open a model" (.pt, .pth, .safetensors), in bytes. */
export const MAX_MODEL_FILE_BYTES = 200 * 1024 * 1024;

/** Why a model file is refused for its size, before it is read (the page) or parsed (the worker). */
export function modelFileTooLarge(fileName: string, bytes: number): string {
  return `${fileName} has ${bytes} bytes; the app opens model files up to ${MAX_MODEL_FILE_BYTES} bytes (${MAX_MODEL_FILE_BYTES / 1024 / 1024} MB).`;
}
