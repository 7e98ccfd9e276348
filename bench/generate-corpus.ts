// A seeded generator of corpus files in both shapes, for benchmarks: front matter (~1.5 KB, the seeds'
// fields) and Vietnamese plain text (title line, lead line, body of 1–10 KB). Same seed, same files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** mulberry32: a tiny deterministic PRNG. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VI_WORDS = (
  'điện toán đám mây công nghệ doanh nghiệp thị trường giá vàng hôm nay tăng giảm mạnh chính phủ thủ tướng quốc hội ' +
  'bóng đá đội tuyển cầu thủ huấn luyện viên bệnh viện bác sĩ sức khỏe học sinh giáo dục tai nạn giao thông ô tô xe máy ' +
  'người dân thành phố Hà Nội TP.HCM Việt Nam Trung Quốc Mỹ Nhật Bản châu Âu kinh tế ngân hàng lãi suất chứng khoán ' +
  'của và là có được trong những một các cho với không đã này khi đến từ về theo sau như nhiều năm ngày tháng ' +
  'phát triển dự án đầu tư sản phẩm dịch vụ khách hàng hợp đồng điện thoại thông minh ứng dụng mạng xã hội trí tuệ nhân tạo ' +
  'thời tiết mưa lớn nắng nóng du lịch du khách ca sĩ diễn viên phim công an điều tra bắt giữ vụ án tòa án'
).split(' ');
const EN_WORDS = (
  'cloud computing artificial intelligence machine learning data analytics customers revenue growth platform ' +
  'microsoft power apps portals release wave features update developers security model azure services market ' +
  'the of and to in a is that for on with as by from at new more company companies said will can'
).split(' ');
const TOPICS = ['AI', 'Cloud Computing', 'Power Apps', 'Portals', 'Cybersecurity', 'Technology', 'Business', 'Finance', 'Microsoft AI', 'Teams integration'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function sentence(rand: () => number, words: readonly string[], length: number): string {
  const text = Array.from({ length }, () => pick(rand, words)).join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function frontMatterFile(rand: () => number, n: number): string {
  const title = sentence(rand, EN_WORDS, 8 + Math.floor(rand() * 8)).slice(0, -1);
  const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${n}`;
  const heat = 10 + Math.floor(rand() * 180);
  const topics = [...new Set([pick(rand, TOPICS), pick(rand, TOPICS)])];
  const secured = Array.from({ length: 560 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[Math.floor(rand() * 64)]).join('');
  return [
    '---',
    'category: news',
    `title: "${title}"`,
    `excerpt: "${sentence(rand, EN_WORDS, 20)} ${sentence(rand, EN_WORDS, 15)}"`,
    `publishedDateTime: 20${10 + Math.floor(rand() * 14)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 10)}T21:00:00Z`,
    `originalUrl: "https://www.example${n % 50}.com/article/${slug}/"`,
    `webUrl: "https://www.example${n % 50}.com/article/${slug}/"`,
    'type: article',
    `quality: ${heat}`,
    `heat: ${heat}`,
    'published: true',
    '',
    'provider:',
    `  name: Example ${n % 50}`,
    `  domain: example${n % 50}.com`,
    '',
    'topics:',
    ...topics.map((topic) => `  - ${topic}`),
    '',
    'images:',
    `  - url: "https://images.example.com/${n}.png"`,
    '    width: 1200',
    '    height: 600',
    '',
    `secured: "${secured}"`,
    '---',
    '',
  ].join('\n');
}

function vietnameseFile(rand: () => number): string {
  const targetBytes = 1024 + Math.floor(rand() * 9 * 1024);
  const lines = [sentence(rand, VI_WORDS, 10 + Math.floor(rand() * 10)).slice(0, -1), sentence(rand, VI_WORDS, 30)];
  let body = '';
  while (Buffer.byteLength(body) < targetBytes) body += `${sentence(rand, VI_WORDS, 12 + Math.floor(rand() * 20))} `;
  lines.push(body.trim());
  return `${lines.join('\r\n')}\r\n`;
}

/** Writes `count` files (alternating shapes) under `dir` in folders of 1,000; returns the bytes written. */
export async function generateCorpus(dir: string, count: number, seed = 42): Promise<number> {
  const rand = random(seed);
  let bytes = 0;
  for (let start = 0; start < count; start += 1000) {
    const folder = join(dir, String(start / 1000).padStart(3, '0'));
    await mkdir(folder, { recursive: true });
    const writes: Promise<void>[] = [];
    for (let n = start; n < Math.min(count, start + 1000); n++) {
      const text = n % 2 === 0 ? frontMatterFile(rand, n) : vietnameseFile(rand);
      bytes += Buffer.byteLength(text);
      writes.push(writeFile(join(folder, n % 2 === 0 ? `${n}.md` : `${n}.txt`), text));
    }
    await Promise.all(writes);
  }
  return bytes;
}
