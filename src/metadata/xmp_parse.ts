/**
 * Reads an XMP sidecar back into {@linkcode PhotoMetadata}, for `verify` (present and parseable)
 * and re-indexing. Minimal on purpose: a small well-formedness check (balanced tags, one root, known
 * entities) and a walk of `rdf:Description` properties, resolved by namespace URI so other prefixes
 * work too. Properties it does not know are ignored; both element and attribute forms are read.
 *
 * @module
 */
import { compactMetadata, parseOffset, type PhotoMetadata } from "./photo_metadata.ts";
import { ALBUMS_ROOT, XMP_NAMESPACES as NS } from "./xmp.ts";

interface XmlNode {
  /** Namespace URI + local name ("http://purl.org/dc/elements/1.1/title"). */
  name: string;
  attrs: Map<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes entity references; undefined when one is unknown or unterminated (not well-formed). */
function decode(raw: string): string | undefined {
  let bad = false;
  const out = raw.replace(/&([^;&<]*)(;?)/g, (_, ref: string, semi: string) => {
    const code = /^#x[0-9a-f]+$/i.test(ref)
      ? parseInt(ref.slice(2), 16)
      : /^#\d+$/.test(ref)
      ? Number(ref.slice(1))
      : undefined;
    const text = code !== undefined && code <= 0x10ffff
      ? String.fromCodePoint(code)
      : ENTITIES[ref];
    if (!semi || text === undefined) bad = true;
    return text ?? "";
  });
  return bad ? undefined : out;
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|</g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Parses XML into a tree with namespace-resolved names; undefined when it is not well-formed. */
function parseXml(source: string): XmlNode | undefined {
  const root: XmlNode = { name: "", attrs: new Map(), children: [], text: "" };
  const stack: { node: XmlNode; raw: string; ns: Map<string, string> }[] = [
    { node: root, raw: "", ns: new Map([["xml", "http://www.w3.org/XML/1998/namespace"]]) },
  ];
  for (const m of source.matchAll(TOKEN)) {
    const top = stack[stack.length - 1];
    if (m[0].startsWith("<!--") || m[0].startsWith("<?")) continue;
    if (m[1] !== undefined || m[6] !== undefined) {
      const text = m[1] ?? decode(m[6]);
      if (text === undefined) return undefined;
      top.node.text += text;
      continue;
    }
    if (m[3] === undefined) return undefined; // a "<" that starts no valid tag
    if (m[2] === "/") {
      if (stack.length === 1 || top.raw !== m[3]) return undefined;
      stack.pop();
      continue;
    }
    const ns = new Map(top.ns);
    const rawAttrs: [string, string][] = [];
    for (const a of (m[4] ?? "").matchAll(ATTR)) {
      const value = decode(a[2] ?? a[3]);
      if (value === undefined) return undefined;
      if (a[1] === "xmlns") ns.set("", value);
      else if (a[1].startsWith("xmlns:")) ns.set(a[1].slice(6), value);
      else rawAttrs.push([a[1], value]);
    }
    const resolve = (qname: string, isAttr: boolean) => {
      const colon = qname.indexOf(":");
      if (colon < 0) return isAttr ? qname : (ns.get("") ?? "") + qname;
      return (ns.get(qname.slice(0, colon)) ?? qname.slice(0, colon + 1)) + qname.slice(colon + 1);
    };
    const node: XmlNode = {
      name: resolve(m[3], false),
      attrs: new Map(rawAttrs.map(([k, v]) => [resolve(k, true), v])),
      children: [],
      text: "",
    };
    top.node.children.push(node);
    if (m[5] !== "/") stack.push({ node, raw: m[3], ns });
  }
  const elements = root.children;
  return stack.length === 1 && elements.length === 1 ? elements[0] : undefined;
}

/** A property's values: the `rdf:li` items of an Alt/Bag/Seq, else its own text. */
function values(node: XmlNode): string[] {
  const list = node.children.find((c) => /#(Alt|Bag|Seq)$/.test(c.name));
  if (list) return list.children.filter((c) => c.name === NS.rdf + "li").map((c) => c.text.trim());
  return [node.text.trim()];
}

/** The instant and offset of an XMP date ("2019-07-14T18:03:11+02:00" or "…Z"). */
function parseXmpDate(value: string): Pick<PhotoMetadata, "captureTime" | "captureOffsetMinutes"> {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?$/.exec(
    value,
  );
  if (!m) return {};
  const offset = m[2] === undefined || m[2] === "Z" ? undefined : parseOffset(m[2]);
  const time = new Date(m[1] + (m[2] ?? "Z"));
  return Number.isNaN(time.getTime()) ? {} : { captureTime: time, captureOffsetMinutes: offset };
}

/** Degrees from XMP's "DD,MM.mmmR" or "DD,MM,SSR" form. */
export function parseGpsCoordinate(value: string): number | undefined {
  const m = /^(\d+),(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?([NSEW])$/i.exec(value.trim());
  if (!m) return undefined;
  const degrees = Number(m[1]) + Number(m[2]) / 60 + Number(m[3] ?? 0) / 3600;
  return /[SW]/i.test(m[4]) ? -degrees : degrees;
}

function rational(value: string): number | undefined {
  const [n, d = "1"] = value.split("/");
  const result = Number(n) / Number(d);
  return Number.isFinite(result) ? result : undefined;
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Parses an XMP sidecar; undefined when it is not well-formed XML or has no `x:xmpmeta`/`rdf:RDF`
 * with an `rdf:Description`.
 */
export function parseXmp(source: string): PhotoMetadata | undefined {
  const root = parseXml(source.replace(/^\uFEFF/, ""));
  if (!root) return undefined;
  const rdf = root.name === NS.rdf + "RDF"
    ? root
    : root.name === NS.x + "xmpmeta"
    ? root.children.find((c) => c.name === NS.rdf + "RDF")
    : undefined;
  const descriptions = rdf?.children.filter((c) => c.name === NS.rdf + "Description") ?? [];
  if (!descriptions.length) return undefined;
  const props = new Map<string, string[]>();
  for (const d of descriptions) {
    for (const [name, value] of d.attrs) if (!name.startsWith(NS.rdf)) props.set(name, [value]);
    for (const child of d.children) props.set(child.name, values(child));
  }
  const one = (ns: string, local: string) => props.get(ns + local)?.[0] || undefined;
  const many = (ns: string, local: string) => {
    const list = props.get(ns + local)?.filter((v) => v !== "");
    return list?.length ? list : undefined;
  };
  const latitude = parseGpsCoordinate(one(NS.exif, "GPSLatitude") ?? "");
  const longitude = parseGpsCoordinate(one(NS.exif, "GPSLongitude") ?? "");
  let gps: PhotoMetadata["gps"];
  if (latitude !== undefined && longitude !== undefined) {
    const altitude = rational(one(NS.exif, "GPSAltitude") ?? "");
    const below = one(NS.exif, "GPSAltitudeRef") === "1";
    gps = altitude === undefined
      ? { latitude, longitude }
      : { latitude, longitude, altitude: below ? -altitude : altitude };
  }
  const prefix = ALBUMS_ROOT + "|";
  const albums = many(NS.lr, "hierarchicalSubject")?.filter((s) => s.startsWith(prefix))
    .map((s) => s.slice(prefix.length));
  return compactMetadata({
    ...parseXmpDate(one(NS.exif, "DateTimeOriginal") ?? ""),
    gps,
    description: one(NS.dc, "description"),
    title: one(NS.dc, "title"),
    people: many(NS.Iptc4xmpExt, "PersonInImage"),
    favorite: one(NS.xmp, "Rating") === "5" ? true : undefined,
    albums: albums?.length ? albums : undefined,
    googleUrl: one(NS.GPhotosNas, "Url"),
    googleId: one(NS.GPhotosNas, "MediaId"),
    cameraMake: one(NS.tiff, "Make"),
    cameraModel: one(NS.tiff, "Model"),
    width: positive(one(NS.exif, "PixelXDimension")),
    height: positive(one(NS.exif, "PixelYDimension")),
  });
}
