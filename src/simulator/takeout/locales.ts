/**
 * Takeout exports in the account's language. Google names the Google Photos folder, the year
 * folders, the trash and archive folders, album metadata files and edited copies in the language
 * of the account. Names come from public records of Takeout quirks (GooglePhotosTakeoutHelper and
 * its Neo fork: their edited-suffix lists, and issues showing `Fotos von 2024`, `Photos de 20xx`,
 * `Fotos de 20xx`, `Google Foto/Foto da 2002`, `Bin`; immich-go's `docs/misc/google-takeout.md`:
 * `métadonnées.json`, `metadatos.json`) and, where those are silent, Google Photos' UI strings.
 *
 * @module
 */

/** One language's names, as Takeout writes them. */
export interface TakeoutLocale {
  /** `Takeout/<photos>/`. */
  photos: string;
  /** The year folder of `year`. */
  year: (year: number) => string;
  /** The trash folder. */
  trash: string;
  /** The archive folder. */
  archive: string;
  /** The album metadata file name. */
  albumMetadata: string;
  /** The suffix of an edited copy (`IMG-edited.jpg`). */
  edited: string;
}

/** The languages the fixture generator writes, by language code. */
export const TAKEOUT_LOCALES: Record<string, TakeoutLocale> = {
  en: {
    photos: "Google Photos",
    year: (y) => `Photos from ${y}`,
    trash: "Trash",
    archive: "Archive",
    albumMetadata: "metadata.json",
    edited: "-edited",
  },
  de: {
    photos: "Google Fotos",
    year: (y) => `Fotos von ${y}`,
    trash: "Papierkorb",
    archive: "Archiv",
    albumMetadata: "Metadaten.json",
    edited: "-bearbeitet",
  },
  fr: {
    photos: "Google Photos",
    year: (y) => `Photos de ${y}`,
    trash: "Corbeille",
    archive: "Archive",
    albumMetadata: "métadonnées.json",
    edited: "-modifié",
  },
  es: {
    photos: "Google Fotos",
    year: (y) => `Fotos de ${y}`,
    trash: "Papelera",
    archive: "Archivo",
    albumMetadata: "metadatos.json",
    edited: "-ha editado",
  },
  it: {
    photos: "Google Foto",
    year: (y) => `Foto da ${y}`,
    trash: "Cestino",
    archive: "Archivio",
    albumMetadata: "metadati.json",
    edited: "-modificato",
  },
  nl: {
    photos: "Google Foto's",
    year: (y) => `Foto's uit ${y}`,
    trash: "Prullenbak",
    archive: "Archief",
    albumMetadata: "metadata.json",
    edited: "-bewerkt",
  },
  pl: {
    photos: "Zdjęcia Google",
    year: (y) => `Zdjęcia z ${y} r.`,
    trash: "Kosz",
    archive: "Archiwum",
    albumMetadata: "metadane.json",
    edited: "-edytowane",
  },
  pt: {
    photos: "Google Fotos",
    year: (y) => `Fotos de ${y}`,
    trash: "Lixeira",
    archive: "Arquivo",
    albumMetadata: "metadados.json",
    edited: "-editado",
  },
  ru: {
    photos: "Google Фото",
    year: (y) => `Фото за ${y} г.`,
    trash: "Корзина",
    archive: "Архив",
    albumMetadata: "метаданные.json",
    edited: "-отредактировано",
  },
  ja: {
    photos: "Google フォト",
    year: (y) => `${y} 年の写真`,
    trash: "ゴミ箱",
    archive: "アーカイブ",
    albumMetadata: "メタデータ.json",
    edited: "-編集済み",
  },
  zh: {
    photos: "Google 相册",
    year: (y) => `${y} 年的照片`,
    trash: "回收站",
    archive: "归档",
    albumMetadata: "元数据.json",
    edited: "-编辑",
  },
};
