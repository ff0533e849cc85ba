#!/usr/bin/env bash
# Cleaned copies, checked by tools that are not gundo's own parser.
#
# Builds a corpus in a temporary folder: Debian's exiftool and ffmpeg plant
# GPS (14.4974 N, 4.1975 W), serial number, make, model, artist, author and
# creator tags, all spelt GUNDOPLANTED-<tag>, into JPEG, PNG, GIF, WebP,
# TIFF, a PDF that draws such a JPEG, MP4, MOV, M4A, 3GP, MP3, WAV, Ogg
# Vorbis and Opus; hand-made DOCX, XLSX, PPTX, ODT and ODS (XML text zipped
# with `zip`) carry tracked changes, comments, a people part and the planted
# photo. Plus what must not come back cleaned: a plain text, an AVIF, and a
# ZIP bomb named report.docx (403 directory records on one body).
#
# Then the corpus goes through the real thing: `gundo serve --demo`, curl to
# /en/submit, `gundo export`, `gundo review open`. Every cleaned copy (and
# every member of the ZIP-based ones, unzipped) is read by
# `exiftool -a -G1 -ee`, and its raw and decompressed bytes are searched for
# the planted strings: any hit fails the run. A coverage table is printed.
#
# Usage: scripts/clean-corpus.sh [PATH/TO/gundo]   (default target/debug/gundo)
# Runs as root on a fresh Debian (installs what it needs), or anywhere the
# tools are already installed.
set -euo pipefail
export LC_ALL=C.UTF-8
gundo=$(realpath "${1:-target/debug/gundo}")
work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

PLANTED=GUNDOPLANTED
# What must never be found in a cleaned copy: the planted strings and the
# planted position, in the spellings exiftool and the formats use.
FORBIDDEN='GUNDOPLANTED|14\.4974|4\.1975|14 deg 29|4 deg 11|gundoplanted@'
# Tags that must not survive, whatever their value (exiftool -s names).
FORBIDDEN_TAGS='GPS[A-Za-z]*|SerialNumber|[A-Za-z]*SerialNumber|Make|Model|Artist|Author|Creator|LastModifiedBy|Company|OwnerName|XPAuthor|Location|LocationInformation'

install_tools() {
    local missing=()
    command -v exiftool >/dev/null || missing+=(libimage-exiftool-perl)
    command -v ffmpeg >/dev/null || missing+=(ffmpeg)
    command -v zip >/dev/null || missing+=(zip)
    command -v unzip >/dev/null || missing+=(unzip)
    command -v curl >/dev/null || missing+=(curl)
    command -v img2pdf >/dev/null || missing+=(img2pdf)
    command -v python3 >/dev/null || missing+=(python3)
    if [ "${#missing[@]}" -gt 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# exiftool, planting the same tags into any file it can write.
plant() {
    exiftool -q -q -m -overwrite_original \
        -Artist="$PLANTED-Artist" -Make="$PLANTED-Make" -Model="$PLANTED-Model" \
        -SerialNumber="$PLANTED-Serial" -OwnerName="$PLANTED-Owner" \
        -Copyright="$PLANTED-Copyright" -ImageDescription="$PLANTED-Description" \
        -XMP-dc:Creator="$PLANTED-Creator" -XMP-dc:Rights="$PLANTED-Rights" \
        -GPSLatitude=14.4974 -GPSLatitudeRef=N -GPSLongitude=4.1975 -GPSLongitudeRef=W \
        -Comment="$PLANTED-Comment" "$@"
}

# The tags ffmpeg writes into audio and video containers.
av_tags=(
    -metadata "artist=$PLANTED-Artist" -metadata "title=$PLANTED-Title"
    -metadata "comment=$PLANTED-Comment" -metadata "location=+14.4974-004.1975/"
    -metadata "location-eng=+14.4974-004.1975/" -metadata "encoder=$PLANTED-Encoder"
    -metadata "com.apple.quicktime.make=$PLANTED-Make"
    -metadata "com.apple.quicktime.model=$PLANTED-Model"
    -metadata "com.apple.quicktime.location.ISO6709=+14.4974-004.1975/"
    -metadata "creation_time=2026-03-01T10:00:00Z"
)

ff() { ffmpeg -nostdin -loglevel error -y "$@"; }

build_images() {
    local c=$1
    ff -f lavfi -i testsrc=size=320x240 -frames:v 1 "$c/photo.jpg"
    ff -f lavfi -i testsrc=size=320x240 -frames:v 1 "$c/screenshot.png"
    ff -f lavfi -i testsrc=size=160x120:rate=5 -t 1 "$c/animation.gif"
    ff -f lavfi -i testsrc=size=320x240 -frames:v 1 -c:v libwebp "$c/picture.webp"
    ff -f lavfi -i testsrc=size=320x240 -frames:v 1 "$c/scan.tif"
    plant "$c/photo.jpg" "$c/screenshot.png" "$c/animation.gif" "$c/picture.webp" "$c/scan.tif"
    # An AVIF (not cleaned: no decoder without C libraries), if ffmpeg can make one.
    ff -f lavfi -i testsrc=size=64x64 -frames:v 1 -c:v libaom-av1 -still-picture 1 \
        "$c/photo.avif" 2>/dev/null || rm -f "$c/photo.avif"
    [ -f "$c/photo.avif" ] && plant "$c/photo.avif"
    return 0
}

build_pdf() {
    local c=$1
    # img2pdf embeds the JPEG as it is (DCTDecode), EXIF and GPS included.
    img2pdf --producer "$PLANTED-Producer" --creator "$PLANTED-Creator" \
        --author "$PLANTED-Author" --title "$PLANTED-Title" \
        -o "$c/report.pdf" "$c/photo.jpg"
    exiftool -q -q -m -overwrite_original -PDF:Author="$PLANTED-PDFAuthor" \
        -XMP-dc:Creator="$PLANTED-XMPCreator" "$c/report.pdf"
}

build_av() {
    local c=$1
    local video=(-f lavfi -i testsrc=size=160x120:rate=10 -f lavfi -i sine=frequency=440:sample_rate=44100 -t 1)
    ff "${video[@]}" -c:v mpeg4 -c:a aac "${av_tags[@]}" -movflags use_metadata_tags "$c/video.mp4"
    ff "${video[@]}" -c:v mpeg4 -c:a aac "${av_tags[@]}" -movflags use_metadata_tags "$c/video.mov"
    ff "${video[@]}" -c:v mpeg4 -c:a aac "${av_tags[@]}" -f 3gp "$c/video.3gp"
    local audio=(-f lavfi -i sine=frequency=440:sample_rate=44100 -t 1)
    ff "${audio[@]}" -c:a aac "${av_tags[@]}" "$c/voice.m4a"
    ff "${audio[@]}" -c:a libmp3lame "${av_tags[@]}" -id3v2_version 3 -write_id3v1 1 "$c/voice.mp3"
    ff "${audio[@]}" "${av_tags[@]}" -write_bext 1 -metadata "originator=$PLANTED-Originator" "$c/voice.wav"
    ff "${audio[@]}" -c:a libvorbis "${av_tags[@]}" "$c/voice.ogg"
    ff -f lavfi -i sine=frequency=440:sample_rate=48000 -t 1 -c:a libopus "${av_tags[@]}" "$c/voice.opus"
    # exiftool adds XMP and QuickTime keys where it can write.
    exiftool -q -q -m -overwrite_original -XMP-dc:Creator="$PLANTED-XMPCreator" \
        -Keys:GPSCoordinates="14.4974 N, 4.1975 W" -UserData:Make="$PLANTED-UDMake" \
        "$c/video.mp4" "$c/video.mov" "$c/voice.m4a"
}

# A ZIP made with stock zip from the XML files in folder $2, named $1.
zip_folder() {
    local out=$1 dir=$2 first=${3:-}
    rm -f "$out"
    (
        cd "$dir"
        if [ -n "$first" ]; then
            zip -q -X -0 "$out" "$first"
        fi
        find . -type f ! -name "${first:-.none}" | sed 's|^\./||' | sort | zip -q -X -@ "$out"
    )
}

build_office() {
    local c=$1 d
    local w='xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    local rels='xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
    local R='http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    local core='<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>'$PLANTED'-Creator</dc:creator><cp:lastModifiedBy>'$PLANTED'-LastModifiedBy</cp:lastModifiedBy></cp:coreProperties>'
    local app='<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>'$PLANTED'-Company</Company><Manager>'$PLANTED'-Manager</Manager></Properties>'

    # DOCX: tracked changes, a comment, a people part, a thumbnail, custom XML, a photo.
    d=$work/docx && mkdir -p "$d/_rels" "$d/docProps" "$d/word/_rels" "$d/word/media" "$d/customXml"
    cat > "$d/[Content_Types].xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>
EOF
    cat > "$d/_rels/.rels" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships $rels><Relationship Id="rId1" Type="$R/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="$R/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/><Relationship Id="rId5" Type="$R/custom-properties" Target="docProps/custom.xml"/></Relationships>
EOF
    printf '%s' "$core" > "$d/docProps/core.xml"
    printf '%s' "$app" > "$d/docProps/app.xml"
    cat > "$d/docProps/custom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Owner"><vt:lpwstr>$PLANTED-CustomOwner</vt:lpwstr></property></Properties>
EOF
    cp "$c/photo.jpg" "$d/docProps/thumbnail.jpeg"
    cp "$c/photo.jpg" "$d/word/media/image1.jpeg"
    cat > "$d/word/document.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document $w xmlns:r="$R"><w:body><w:p w:rsidR="00AB12CD" w:rsidRDefault="00AB12CD"><w:r><w:t>Le rapport du camp.</w:t></w:r><w:ins w:id="1" w:author="$PLANTED-InsAuthor" w:date="2026-03-01T10:00:00Z"><w:r><w:t> Ajout.</w:t></w:r></w:ins><w:del w:id="2" w:author="$PLANTED-DelAuthor" w:date="2026-03-02T10:00:00Z"><w:r><w:delText> Retrait.</w:delText></w:r></w:del><w:commentRangeStart w:id="0"/><w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="$PLANTED-FormatAuthor" w:date="2026-03-03T10:00:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t> Gras.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p><w:p><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:embed="rId3"/></w:drawing></w:r></w:p></w:body></w:document>
EOF
    cat > "$d/word/comments.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments $w><w:comment w:id="0" w:author="$PLANTED-CommentAuthor" w:date="2026-03-04T10:00:00Z" w:initials="GP"><w:p><w:r><w:t>A vérifier.</w:t></w:r></w:p></w:comment></w:comments>
EOF
    cat > "$d/word/people.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="$PLANTED-CommentAuthor"><w15:presenceInfo w15:providerId="AD" w15:userId="gundoplanted@example.org"/></w15:person></w15:people>
EOF
    cat > "$d/word/_rels/document.xml.rels" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships $rels><Relationship Id="rId1" Type="$R/comments" Target="comments.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/><Relationship Id="rId3" Type="$R/image" Target="media/image1.jpeg"/><Relationship Id="rId4" Type="$R/customXml" Target="../customXml/item1.xml"/></Relationships>
EOF
    printf '<b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography"><b:Source><b:Author>%s-Source</b:Author></b:Source></b:Sources>' "$PLANTED" > "$d/customXml/item1.xml"
    zip_folder "$c/report.docx" "$d"

    # XLSX: a comment with its author, properties.
    d=$work/xlsx && mkdir -p "$d/_rels" "$d/docProps" "$d/xl/_rels" "$d/xl/worksheets/_rels"
    cat > "$d/[Content_Types].xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>
EOF
    cat > "$d/_rels/.rels" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships $rels><Relationship Id="rId1" Type="$R/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="$R/extended-properties" Target="docProps/app.xml"/></Relationships>
EOF
    printf '%s' "$core" > "$d/docProps/core.xml"
    printf '%s' "$app" > "$d/docProps/app.xml"
    cat > "$d/xl/workbook.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="$R"><sheets><sheet name="Soldes" sheetId="1" r:id="rId1"/></sheets></workbook>
EOF
    cat > "$d/xl/_rels/workbook.xml.rels" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships $rels><Relationship Id="rId1" Type="$R/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
EOF
    cat > "$d/xl/worksheets/sheet1.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Solde</t></is></c><c r="B1"><v>117</v></c></row></sheetData></worksheet>
EOF
    cat > "$d/xl/worksheets/_rels/sheet1.xml.rels" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships $rels><Relationship Id="rId1" Type="$R/comments" Target="../comments1.xml"/></Relationships>
EOF
    cat > "$d/xl/comments1.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>$PLANTED-XlsxAuthor</author></authors><commentList><comment ref="B1" authorId="0"><text><t>Montant faux</t></text></comment></commentList></comments>
EOF
    zip_folder "$c/soldes.xlsx" "$d"

    # PPTX: comment authors and properties.
    d=$work/pptx && mkdir -p "$d/_rels" "$d/docProps" "$d/ppt/_rels"
    cat > "$d/[Content_Types].xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/><Override PartName="/ppt/commentAuthors.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.commentAuthors+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
EOF
    cat > "$d/_rels/.rels" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships $rels><Relationship Id="rId1" Type="$R/officeDocument" Target="ppt/presentation.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
EOF
    printf '%s' "$core" > "$d/docProps/core.xml"
    printf '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>' > "$d/ppt/presentation.xml"
    cat > "$d/ppt/_rels/presentation.xml.rels" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships $rels><Relationship Id="rId1" Type="$R/commentAuthors" Target="commentAuthors.xml"/></Relationships>
EOF
    printf '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="0" name="%s-PptxAuthor" initials="GP" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>' "$PLANTED" > "$d/ppt/commentAuthors.xml"
    zip_folder "$c/briefing.pptx" "$d"

    # ODT and ODS: meta.xml, settings, a thumbnail, a tracked change, an annotation, a photo.
    local kind
    for kind in text spreadsheet; do
        d=$work/odf-$kind && mkdir -p "$d/META-INF" "$d/Thumbnails" "$d/Pictures"
        printf 'application/vnd.oasis.opendocument.%s' "$kind" > "$d/mimetype"
        cat > "$d/META-INF/manifest.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.$kind"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/><manifest:file-entry manifest:full-path="Pictures/photo.jpg" manifest:media-type="image/jpeg"/></manifest:manifest>
EOF
        cat > "$d/content.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"><office:body><office:text><text:tracked-changes><text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>$PLANTED-ChangeAuthor</dc:creator><dc:date>2026-03-01T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes><text:p>Le rapport<text:change-start text:change-id="ct1"/> ajouté<text:change-end text:change-id="ct1"/><office:annotation><dc:creator>$PLANTED-Annotator</dc:creator><dc:date>2026-03-04T10:00:00</dc:date><meta:creator-initials>GP</meta:creator-initials><text:p>A vérifier</text:p></office:annotation></text:p><draw:frame><draw:image xlink:href="Pictures/photo.jpg"/></draw:frame></office:text></office:body></office:document-content>
EOF
        cat > "$d/meta.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta><meta:initial-creator>$PLANTED-InitialCreator</meta:initial-creator><dc:creator>$PLANTED-Creator</dc:creator><meta:generator>$PLANTED-Generator</meta:generator></office:meta></office:document-meta>
EOF
        cat > "$d/settings.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"><office:settings><config:config-item config:name="PrinterName" config:type="string">$PLANTED-Printer</config:config-item></office:settings></office:document-settings>
EOF
        cp "$c/screenshot.png" "$d/Thumbnails/thumbnail.png"
        cp "$c/photo.jpg" "$d/Pictures/photo.jpg"
    done
    zip_folder "$c/rapport.odt" "$work/odf-text" mimetype
    zip_folder "$c/tableau.ods" "$work/odf-spreadsheet" mimetype
}

build_unclean() {
    local c=$1
    printf 'Le camp de Kati, %s-Text\n' "$PLANTED" > "$c/notes.txt"
    # 403 directory records pointing at one deflated body, as report.docx.
    python3 - "$c/bomb.docx" <<'EOF'
import struct, sys, zlib
body = b" " * 250_000
packed = zlib.compress(body)[2:-4]
crc = zlib.crc32(body)
name = b"word/document.xml"
local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(packed), len(body), len(name), 0) + name + packed
records = b"".join(
    struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(packed), len(body), len(name), 0, 0, 0, 0, 0, 0) + name
    for _ in range(403)
)
end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 403, 403, len(records), len(local), 0)
open(sys.argv[1], "wb").write(local + records + end)
EOF
}

# --- the one step that depends on how the workspace stores cleaned copies ---

# Puts the cleaned copy of every corpus file into $2/<original name> (none if
# it was not cleaned) and what gundo said about it into $2/<name>.outcome:
# its first line "cleaned", "not cleaned" or "refused", then the details.
# Today: the whole loop through the demo server, export and `review open`,
# reading the workspace's plaintext files and meta.toml.
get_cleaned_copies() {
    local corpus=$1 out=$2 url files=() n=0 f
    mkdir -p "$out" "$work/server" "$work/saved"
    (cd "$work/server" && exec "$gundo" serve --demo --listen 127.0.0.1:0 > demo.out 2> demo.err) &
    server_pid=$!
    for _ in $(seq 1 200); do
        grep -q 'Open the site:' "$work/server/demo.out" 2>/dev/null && break
        sleep 0.1
    done
    url=$(sed -n 's/^ *Open the site: *//p' "$work/server/demo.out")
    [ -n "$url" ] || { echo "the demo printed no URL"; cat "$work/server/demo.out" "$work/server/demo.err"; exit 1; }
    for f in "$corpus"/*; do
        files+=(-F "files=@$f")
        n=$((n + 1))
        # At most 10 files a tip (the default limit is 20).
        if [ "$n" -eq 10 ]; then
            submit "$url" "${files[@]}"
            files=() n=0
        fi
    done
    [ "$n" -gt 0 ] && submit "$url" "${files[@]}"
    (
        cd "$work/server"
        "$gundo" export --config gundo-demo/gundo.toml --out "$work/stick.bundle" >/dev/null
        "$gundo" review open --identity gundo-demo/demo-reviewer.key \
            --bundle "$work/stick.bundle" --workspace "$work/ws" >/dev/null
    )
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
    # The workspace holds only ciphertext: read what `review show` says of
    # each attachment, and write each cleaned copy out with `review save`.
    local key=$work/server/gundo-demo/demo-reviewer.key thread
    for thread in $("$gundo" review list --identity "$key" --workspace "$work/ws" | awk '{ print $1 }'); do
        "$gundo" review show --identity "$key" --workspace "$work/ws" --thread "$thread" \
            >"$work/show.$thread.txt"
        python3 - "$work/show.$thread.txt" "$out" <<'EOF'
import pathlib, re, sys
show, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for line in show.read_text().splitlines():
    m = re.match(r"  attachment: (.+?) \([0-9.]+ [KMG]?B\)(?:, RISK: [a-z-]+)?; (.*)$", line)
    if not m:
        continue
    name, rest = m.groups()
    if rest.startswith("cleaned copy"):
        lines = ["cleaned"] + rest.split(": removed ", 1)[1].split("; ")
    elif rest.startswith("REFUSED"):
        lines = ["refused", rest]
    else:
        lines = ["not cleaned", rest]
    (out / (name + ".outcome")).write_text("\n".join(lines) + "\n")
EOF
        for outcome in "$out"/*.outcome; do
            [ "$(head -n1 "$outcome")" = cleaned ] || continue
            local name
            name=$(basename "$outcome" .outcome)
            [ -e "$out/$name" ] && continue
            "$gundo" review save --identity "$key" --workspace "$work/ws" --thread "$thread" \
                --file "$name" --to "$work/saved" >/dev/null 2>&1 || continue
            local copy
            copy=$(find "$work/saved" -maxdepth 1 -type f -newer "$outcome" | head -n1)
            [ -n "$copy" ] && mv "$copy" "$out/$name"
        done
    done
}

submit() {
    local url=$1 status
    shift
    status=$(curl -sS -o "$work/receipt.html" -w '%{http_code}' -F "message=corpus" "$@" "${url}en/submit")
    [ "$status" = 200 ] || { echo "submit answered $status"; exit 1; }
}

# --- checks -------------------------------------------------------------------

# Writes into $2 every byte of file $1 as a checker should see it: the file
# itself, ZIP members unpacked, and PDF streams inflated.
expanded_bytes() {
    python3 - "$1" "$2" <<'EOF'
import io, re, sys, zipfile, zlib
data = open(sys.argv[1], "rb").read()
out = open(sys.argv[2], "wb")
out.write(data)
if data.startswith(b"PK"):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            out.write(info.filename.encode() + b"\n" + info.comment + info.extra)
            out.write(z.read(info))
    out.write(zipfile.ZipFile(io.BytesIO(data)).comment)
if b"%PDF-" in data[:1024]:
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            out.write(zlib.decompressobj().decompress(data[m.end():m.end() + 50_000_000]))
        except zlib.error:
            pass
EOF
}

# Whether a cleaned copy still opens: ffprobe decodes pictures, sound and
# video; unzip tests archives; a PDF must still have its pages.
still_opens() {
    case $1 in
        *.docx | *.xlsx | *.pptx | *.odt | *.ods) unzip -tqq "$1" >/dev/null 2>&1 ;;
        *.pdf) exiftool -s3 -PageCount "$1" 2>/dev/null | grep -q '^[1-9]' ;;
        *) ffmpeg -nostdin -v error -i "$1" -f null - >/dev/null 2>&1 ;;
    esac
}

# Prints what exiftool finds forbidden in a file (or an unzipped tree).
exiftool_hits() {
    exiftool -a -G1 -ee -s -n -r "$1" 2>/dev/null \
        | grep -aE "$FORBIDDEN|^\[[^]]*\] +($FORBIDDEN_TAGS) +:" || true
}

main() {
    install_tools
    local corpus=$work/corpus cleaned=$work/cleaned failed=0 f name outcome result
    mkdir -p "$corpus"
    build_images "$corpus"
    build_pdf "$corpus"
    build_av "$corpus"
    build_office "$corpus"
    build_unclean "$corpus"

    # The corpus must carry what it claims, or the checks below prove nothing.
    for f in "$corpus"/*; do
        case $(basename "$f") in bomb.docx) continue ;; esac
        expanded_bytes "$f" "$work/expanded"
        if ! grep -aqE "$FORBIDDEN" "$work/expanded"; then
            echo "corpus: nothing planted in $(basename "$f")"
            failed=1
        fi
    done

    get_cleaned_copies "$corpus" "$cleaned"

    printf '\n%-14s %-8s %-12s %-9s %-9s %-6s %s\n' file planted result exiftool bytes opens "removed (or why not)"
    for f in "$corpus"/*; do
        name=$(basename "$f")
        outcome=$cleaned/$name.outcome
        if [ ! -f "$outcome" ]; then
            printf '%-14s %s\n' "$name" "MISSING from the workspace"
            failed=1
            continue
        fi
        result=$(head -n1 "$outcome")
        local exif=- bytes=- opens=- detail planted
        # Tags exiftool itself finds in the original: the "before" of the table.
        planted=$(exiftool_hits "$f" | wc -l)
        detail=$(tail -n +2 "$outcome" | paste -sd';' | cut -c1-150)
        if [ "$result" = cleaned ]; then
            local tree=$work/tree/$name hits
            rm -rf "$tree" && mkdir -p "$tree"
            cp "$cleaned/$name" "$tree/"
            if unzip -qq "$cleaned/$name" -d "$tree/members" 2>/dev/null; then :; fi
            hits=$(exiftool_hits "$tree")
            if [ -n "$hits" ]; then
                exif=FOUND
                printf '%s\n' "$hits" | sed "s|^|  $name: |" >&2
                failed=1
            else
                exif=clean
            fi
            expanded_bytes "$cleaned/$name" "$work/expanded"
            if grep -aqE "$FORBIDDEN" "$work/expanded"; then
                bytes=FOUND
                grep -aoE ".{0,20}($FORBIDDEN).{0,20}" "$work/expanded" | head -n3 | sed "s|^|  $name: |" >&2
                failed=1
            else
                bytes=clean
            fi
            if still_opens "$cleaned/$name"; then
                opens=yes
            else
                opens=NO
                failed=1
            fi
        fi
        printf '%-14s %-8s %-12s %-9s %-9s %-6s %s\n' "$name" "$planted" "$result" "$exif" "$bytes" "$opens" "$detail"
        # What must not be cleaned, and what must.
        case $name in
            notes.txt | photo.avif)
                [ "$result" = "not cleaned" ] || { echo "  $name: expected not cleaned"; failed=1; } ;;
            bomb.docx)
                [ "$result" = refused ] || { echo "  $name: expected refused"; failed=1; } ;;
            *)
                [ "$result" = cleaned ] || { echo "  $name: expected a cleaned copy"; failed=1; } ;;
        esac
    done
    if [ "$failed" -ne 0 ]; then
        echo "clean corpus: FAILED"
        exit 1
    fi
    echo "clean corpus passed: no planted tag or string in any cleaned copy"
}

main
