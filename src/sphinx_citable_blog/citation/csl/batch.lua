-- Render many documents' citations and reference lists with pandoc's citeproc, in one pandoc process.
--
-- Run as:  pandoc lua batch.lua request.json response.json
--
-- request.json:
--   {"items": [CSL-JSON items...],
--    "jobs": [{"style": "/path/to/style.csl", "locale": "en-GB",
--              "documents": [{"id": "posts/2014/04/outsourcing",
--                             "pack": 3,            -- optional: consecutive documents of one pack share a call
--                             "citations": [{"mode": "normal" | "narrative" | "year",
--                                            "items": [{"id": "key", "prefix": "see", "suffix": "p. 12"}]}],
--                             "nocite": ["key"]}]}]}
--
-- Each document (a blog post) is its own CSL document: pandoc.utils.citeproc renders a small
-- Pandoc document holding only its citations and the items it cites, so disambiguation
-- (2014a/2014b, added initials) happens within a post. Documents of one pack (which the caller
-- guarantees cannot affect each other's disambiguation) share one call, which is much faster.
-- Citation modes: normal -> NormalCitation "(Author, Year)", narrative -> AuthorInText
-- "Author (Year)", year -> SuppressAuthor "(Year)". With link-citations, each cited item is a
-- link to "#ref-<key>".
--
-- response.json: {"pandoc": version, "jobs": [{"documents": [{"id", "citations": [html...],
--                 "bibliography": [{"id": key, "html": html}], "errors": [...]}]}]}
-- HTML is written by one pandoc.write call at the end (one call per fragment is slow).

local json = pandoc.json

local function slurp(path)
  local f = assert(io.open(path, "r"))
  local s = f:read("a")
  f:close()
  return s
end

local request = json.decode(slurp(arg[1]), false)
local references = pandoc.read(json.encode(request.items), "csljson").meta.references or {}
-- Quotation marks written in a field stay as written ("Blame & “learning”"). pandoc reads them as
-- quoted text and would print them as the locale's outer quotes (‘learning’ in British English);
-- citeproc-js, Zotero's processor, keeps them.
local QUOTES = { DoubleQuote = { "“", "”" }, SingleQuote = { "‘", "’" } }
local function as_written(value)
  if pandoc.utils.type(value) ~= "Inlines" then
    return value
  end
  return value:walk({
    Quoted = function(q)
      local marks = QUOTES[q.quotetype]
      local out = pandoc.Inlines({ pandoc.Str(marks[1]) })
      out:extend(q.content)
      out:insert(pandoc.Str(marks[2]))
      return out
    end,
  })
end

-- A field as the request gives it, that pandoc cannot have read as quoted text: a number, or text
-- without quotation marks, apostrophes or entities (the byte \226 starts every curly quotation mark,
-- and other characters too: those fields are walked, to no effect). Walking every field of every
-- item cost as much as the citeproc call of a thousand posts' own references.
local function plain(value)
  return type(value) == "number" or (type(value) == "string" and not value:find("[\"'&\226]"))
end

local requested = {}
for _, item in ipairs(request.items) do
  requested[tostring(item.id)] = item
end

local by_id = {}
for _, ref in ipairs(references) do
  local id = pandoc.utils.stringify(ref.id)
  local given = requested[id] or {}
  for name, value in pairs(ref) do
    if not plain(given[name]) then
      ref[name] = as_written(value)
    end
  end
  by_id[id] = ref
end

local MODES = { normal = "NormalCitation", narrative = "AuthorInText", year = "SuppressAuthor" }

local fragments = {}
local function fragment(inlines)
  table.insert(fragments, inlines)
  return #fragments
end

local function inlines(text)
  if not text or text == "" then
    return pandoc.Inlines({})
  end
  return pandoc.Inlines(pandoc.read(text, "markdown").blocks[1].content)
end

local function cite(c)
  local list = {}
  for _, item in ipairs(c.items) do
    table.insert(list, pandoc.Citation(tostring(item.id), MODES[c.mode] or "NormalCitation",
      inlines(item.prefix), inlines(item.suffix)))
  end
  return pandoc.Cite(pandoc.Inlines({ pandoc.Str("?") }), list)
end

local function render_pack(job, docs, out)
  local blocks, refs, used, owners, nocite = {}, {}, {}, {}, {}
  local results = {}
  for di, doc in ipairs(docs) do
    results[di] = { id = doc.id, citations = {}, bibliography = {}, errors = {} }
    doc._cited = {}
    local function use(id)
      doc._cited[id] = true
      if not used[id] then
        used[id] = true
        if by_id[id] then
          table.insert(refs, by_id[id])
        else
          table.insert(results[di].errors, "unknown item " .. id)
        end
      end
    end
    for ci, c in ipairs(doc.citations or {}) do
      table.insert(blocks, pandoc.Para({ cite(c) }))
      owners[#blocks] = { di, ci }
      for _, item in ipairs(c.items) do
        use(tostring(item.id))
      end
    end
    for _, id in ipairs(doc.nocite or {}) do
      use(tostring(id))
      table.insert(nocite, pandoc.Citation(tostring(id), "NormalCitation"))
    end
  end
  local meta = { references = refs, csl = job.style, lang = job.locale, ["link-citations"] = true }
  if #nocite > 0 then
    meta.nocite = pandoc.Inlines({ pandoc.Cite(pandoc.Inlines({ pandoc.Str("?") }), nocite) })
  end
  local rendered = pandoc.utils.citeproc(pandoc.Pandoc(blocks, meta))
  local n = 0
  for _, block in ipairs(rendered.blocks) do
    if block.t == "Para" and block.content[1] and block.content[1].t == "Cite" then
      n = n + 1
      local owner = owners[n]
      results[owner[1]].citations[owner[2]] = fragment(block.content[1].content)
    elseif block.t == "Div" and block.identifier == "refs" then
      for _, entry in ipairs(block.content) do
        if entry.t == "Div" then
          local id = entry.identifier:gsub("^ref%-", "")
          local content = {}
          for _, b in ipairs(entry.content) do
            if b.content then content = b.content end
          end
          local html
          for di, doc in ipairs(docs) do
            if doc._cited[id] then
              html = html or fragment(content)
              table.insert(results[di].bibliography, { id = id, html = html })
            end
          end
        end
      end
    end
  end
  for di = 1, #docs do
    table.insert(out, results[di])
  end
end

local response = { pandoc = tostring(PANDOC_VERSION), jobs = {} }
for _, job in ipairs(request.jobs) do
  local out = {}
  local pack, pack_id = {}, nil
  for _, doc in ipairs(job.documents) do
    if #pack > 0 and (doc.pack == nil or doc.pack ~= pack_id) then
      render_pack(job, pack, out)
      pack = {}
    end
    table.insert(pack, doc)
    pack_id = doc.pack
  end
  if #pack > 0 then
    render_pack(job, pack, out)
  end
  table.insert(response.jobs, { documents = out })
end

-- Every fragment to HTML at once, separated by a character pandoc never writes.
local SEP = "\30"
local blocks = {}
for i, content in ipairs(fragments) do
  if i > 1 then table.insert(blocks, pandoc.RawBlock("html", SEP)) end
  table.insert(blocks, pandoc.Plain(content))
end
local html = pandoc.write(pandoc.Pandoc(blocks), "html", { wrap_text = "wrap-none" })
local pieces = {}
for piece in (html .. SEP):gmatch("(.-)" .. SEP) do
  table.insert(pieces, (piece:gsub("^%s+", ""):gsub("%s+$", "")))
end
assert(#pieces == #fragments or #fragments == 0, "fragment count mismatch")
for _, job in ipairs(response.jobs) do
  for _, doc in ipairs(job.documents) do
    for i, c in ipairs(doc.citations) do doc.citations[i] = pieces[c] end
    for _, e in ipairs(doc.bibliography) do e.html = pieces[e.html] end
  end
end

local f = assert(io.open(arg[2], "w"))
f:write(json.encode(response))
f:close()
