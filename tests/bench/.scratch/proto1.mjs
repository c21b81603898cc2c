import zlib from 'node:zlib'; import fs from 'node:fs'; import * as Y from 'yjs'
const t=JSON.parse(zlib.gunzipSync(fs.readFileSync('/work/shared/data/automerge-paper.json.gz')))
let t0=performance.now()
const doc=new Y.Doc(); doc.clientID=1
const body=doc.getXmlFragment('body'); let text
doc.transact(()=>{const p=new Y.XmlElement('paragraph'); body.insert(0,[p]); text=new Y.XmlText(); p.insert(0,[text])})
const ups=[]; doc.on('update',u=>ups.push(u))
let words=0, bytes=0, at2000=-1
for (let i=0;i<t.txns.length;i++){const [pos,del,ins]=t.txns[i].patches[0]; if(del) text.delete(pos,del); if(ins) text.insert(pos,ins);
 if(at2000<0 && i%1000===0){ const s=text.toString(); const w=s.split(/\s+/).length; if(w>=2000){at2000=i; console.log('2000 words at', i, s.length, 'state', Y.encodeStateAsUpdate(doc).length)} } }
console.log('replay ms', performance.now()-t0, ups.length, text.toString()===t.endContent)
for(const u of ups) bytes+=u.length; console.log('avg update bytes', bytes/ups.length)
t0=performance.now(); const st=Y.encodeStateAsUpdate(doc); console.log('encode ms', performance.now()-t0, st.length)
for(let k=0;k<3;k++){t0=performance.now(); const d=new Y.Doc(); Y.applyUpdate(d,st); console.log('apply ms', performance.now()-t0)}
console.log(ups[5], ups[6])
