// Seeded vocabularies for the generated corpus, one per language, each ordered by rank and sampled with a
// Zipf law (the frequency of the word of rank r ∝ 1 / r^ZIPF_EXPONENT), as words in real text are.
// The head of each list is real words (function words, common news words), so stopwords and common words
// behave as in real text; the long tail is made-up words shaped like the language: Vietnamese words of one or
// two syllables built from real onsets, vowels with their tone marks and codas; English-like words of one to
// three syllables. Same seed, same lists.
import { random } from './random.ts';

export const ZIPF_EXPONENT = 1;
/** Distinct words per language: both together are well above the 100k a realistic corpus needs. */
export const VOCABULARY_SIZE = { en: 150_000, vi: 100_000 } as const;

export type Language = keyof typeof VOCABULARY_SIZE;

const EN_HEAD = (
  'the of and to a in is that for on it with as was at by from he said his be are an have has this but not ' +
  'they were or had which their its after new who been more one will would year we also up about than two ' +
  'first people other out when all into government company last over time there years could percent can ' +
  'million market some three state week world most president since billion so before back only just like ' +
  'data cloud computing artificial intelligence machine learning security software users customers revenue ' +
  'growth platform microsoft apps services developers model update features release news report city police ' +
  'court election minister economy bank stocks price prices oil energy health hospital school students team ' +
  'season game players coach league match film music china vietnam united states europe japan'
).split(' ');

const VI_HEAD = (
  'của và là có được trong những một các cho với không đã này khi đến từ về theo sau như nhiều năm ngày ' +
  'tháng người cũng đang sẽ tại ra để thì nhưng phải bị làm rất đó hơn mới lại vào nên trên còn nhất họ ' +
  'điện toán đám mây công nghệ doanh nghiệp thị trường giá vàng hôm nay tăng giảm mạnh chính phủ thủ tướng ' +
  'quốc hội bóng đá đội tuyển cầu thủ huấn luyện viên bệnh viện bác sĩ sức khỏe học sinh giáo dục tai nạn ' +
  'giao thông ô tô xe máy dân thành phố Hà Nội Việt Nam Trung Quốc Mỹ Nhật Bản kinh tế ngân hàng lãi suất ' +
  'chứng khoán phát triển dự án đầu tư sản phẩm dịch vụ khách hàng hợp đồng điện thoại ứng dụng mạng xã hội ' +
  'trí tuệ nhân tạo thời tiết mưa lớn nắng nóng du lịch ca sĩ diễn viên phim công an điều tra bắt giữ vụ án tòa'
).split(' ');

const VI_ONSETS = ['', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gh', 'gi', 'h', 'k', 'kh', 'l', 'm', 'n', 'ng', 'ngh', 'nh', 'p', 'ph', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x'];
/** Each vowel in its six tones: level, sắc, huyền, hỏi, ngã, nặng. */
const VI_VOWELS = ['aáàảãạ', 'ăắằẳẵặ', 'âấầẩẫậ', 'eéèẻẽẹ', 'êếềểễệ', 'iíìỉĩị', 'oóòỏõọ', 'ôốồổỗộ', 'ơớờởỡợ', 'uúùủũụ', 'ưứừửữự', 'yýỳỷỹỵ'].map((tones) => [...tones]);
const VI_CODAS = ['', '', '', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't', 'i', 'o', 'u'];

const EN_ONSETS = ['', 'b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'bl', 'br', 'cl', 'cr', 'dr', 'fl', 'fr', 'gl', 'gr', 'pl', 'pr', 'sc', 'sk', 'sl', 'sp', 'st', 'str', 'tr', 'th', 'sh', 'ch', 'wh'];
const EN_VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'i', 'o', 'ai', 'ea', 'ee', 'oa', 'oo', 'ou', 'ie'];
const EN_CODAS = ['', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'st', 'ng', 'ck', 'rt', 'x'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function viSyllable(rand: () => number): string {
  return pick(rand, VI_ONSETS) + pick(rand, pick(rand, VI_VOWELS)) + pick(rand, VI_CODAS);
}

function viWord(rand: () => number): string {
  return rand() < 0.6 ? `${viSyllable(rand)} ${viSyllable(rand)}` : viSyllable(rand);
}

function enWord(rand: () => number): string {
  const syllables = 1 + Math.floor(rand() * 3);
  let word = '';
  for (let i = 0; i < syllables; i++) word += pick(rand, EN_ONSETS) + pick(rand, EN_VOWELS) + pick(rand, EN_CODAS);
  return word;
}

/** A language's words by rank (distinct; the head real words first) and a Zipf sampler over them. */
export class Vocabulary {
  readonly words: string[];
  /** cumulative[r] = P(rank ≤ r), for sampling by binary search. */
  private readonly cumulative: Float64Array;

  constructor(language: Language, seed: number) {
    const rand = random(seed);
    const make = language === 'vi' ? viWord : enWord;
    const seen = new Set<string>(language === 'vi' ? VI_HEAD : EN_HEAD);
    const words = [...seen];
    while (words.length < VOCABULARY_SIZE[language]) {
      const word = make(rand);
      if (!seen.has(word)) {
        seen.add(word);
        words.push(word);
      }
    }
    this.words = words;
    this.cumulative = new Float64Array(words.length);
    let total = 0;
    for (let r = 0; r < words.length; r++) this.cumulative[r] = total += 1 / (r + 1) ** ZIPF_EXPONENT;
    for (let r = 0; r < words.length; r++) this.cumulative[r]! /= total;
  }

  /** A rank drawn from the Zipf law. */
  rank(rand: () => number): number {
    const u = rand();
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cumulative[mid]! < u) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
