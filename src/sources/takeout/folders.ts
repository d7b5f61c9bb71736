/**
 * What a Takeout folder or JSON file is, in any of the languages Google exports in. Folder names are
 * localized (`Photos from 2019`, `Fotos von 2019`, `2019 年の写真`; `Trash`, `Papierkorb`, `ゴミ箱`),
 * and so are album metadata files (`metadata.json`, `métadonnées.json`, `метаданные.json`): albums
 * and sidecars are therefore told apart by the shape of their JSON, year folders by the year at
 * either end of their name, and only the trash and archive folders by name, from the lists of
 * Takeout quirks that GooglePhotosTakeoutHelper and immich-go keep and Google Photos' own strings.
 *
 * @module
 */

/** The trash folder in each language (en-GB says "Bin", pt-BR "Lixeira", pt-PT "Lixo"). */
const TRASH = [
  "trash",
  "bin",
  "papierkorb",
  "corbeille",
  "papelera",
  "cestino",
  "prullenbak",
  "kosz",
  "lixeira",
  "lixo",
  "корзина",
  "ゴミ箱",
  "回收站",
  "垃圾桶",
  "휴지통",
  "paperera",
];

/** The archive folder in each language. */
const ARCHIVE = [
  "archive",
  "archiv",
  "archivo",
  "archivio",
  "archief",
  "archiwum",
  "arquivo",
  "архив",
  "アーカイブ",
  "归档",
  "封存",
  "보관함",
  "arxiu",
];

/** The Google Photos folder under `Takeout/` in each language. */
const PHOTOS_ROOTS = [
  "google photos",
  "google fotos",
  "google foto",
  "google foto's",
  "zdjęcia google",
  "google фото",
  "google フォト",
  "google 相册",
  "google 相簿",
  "google 포토",
];

const fold = (name: string) => name.normalize("NFC").trim().toLowerCase();

/**
 * A year folder: a year (1800–2199) at the start or the end of a short name, the end allowing a
 * short abbreviation after it (`Zdjęcia z 2019 r.`, `Фото за 2019 г.`). An old export's day folders
 * (`2019-06-16`, `2019-06-16 #2`) count too.
 */
export function isYearFolder(name: string): boolean {
  const n = name.normalize("NFC").trim();
  if (/^(18|19|20|21)\d\d-\d\d-\d\d( #\d+)?$/.test(n)) return true;
  const leading = /^(18|19|20|21)\d\d\s*([^\d]{1,20})$/u.exec(n);
  const trailing = /^([^\d]{1,30}?)\s(18|19|20|21)\d\d(\s[^\s\d]{1,3})?$/u.exec(n);
  const rest = leading?.[2] ?? trailing?.[1];
  return rest !== undefined && rest.trim().split(/\s+/).length <= 3;
}

/** `"trash"`, `"archive"`, or undefined for any other folder name. */
export function specialFolder(name: string): "trash" | "archive" | undefined {
  const n = fold(name);
  if (TRASH.includes(n)) return "trash";
  if (ARCHIVE.includes(n)) return "archive";
  return undefined;
}

/** Whether `name` is the Google Photos folder of a Takeout, in a language we know. */
export function isPhotosRoot(name: string): boolean {
  return PHOTOS_ROOTS.includes(fold(name));
}

/** A parsed JSON object. */
type JsonObject = Record<string, unknown>;

const SIDECAR_ONLY = ["photoTakenTime", "creationTime", "imageViews", "url", "googlePhotosOrigin"];

/**
 * Whether parsed JSON is an album's metadata: `{title, description, access, date, …}` (or the old
 * `{albumData: {…}}`), whatever the file's localized name.
 */
export function isAlbumMetadata(json: object): boolean {
  const data = json as JsonObject;
  if (typeof data.albumData === "object" && data.albumData !== null) return true;
  if (SIDECAR_ONLY.some((key) => key in data)) return false;
  return typeof data.title === "string" && ("access" in data || "date" in data);
}

/** The title of album metadata (the old `albumData` form included). */
export function albumTitle(json: object): string {
  const data = json as JsonObject;
  const album = (data.albumData ?? data) as JsonObject;
  return typeof album.title === "string" ? album.title : "";
}

/** Whether parsed JSON is a media file's sidecar: a title and Google's per-item fields. */
export function isSidecarShape(json: object): boolean {
  const data = json as JsonObject;
  if (isAlbumMetadata(data)) return false;
  return "photoTakenTime" in data || "creationTime" in data ||
    (typeof data.title === "string" && ("url" in data || "imageViews" in data));
}
