// Topic tagging as a reader of a feed notices it: the default taxonomy on short Vietnamese and English articles
// written for these tests (the collisions, substrings and passing mentions of issue 8), parents implied,
// confidence in 0..1, and the editor's front-matter topics left alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPIC_DEFAULTS, inferTopics, type InferredTopics } from '../../src/corpus/infer-topics.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { parsePlainText } from '../../src/corpus/plain-text.ts';
import { Taxonomy, TaxonomyError, readTaxonomy, taxonomyFiles } from '../../src/corpus/taxonomy.ts';
import { detectLanguage } from '../../src/text/language.ts';
import { corpusDir, frontMatter } from './helpers.ts';

let taxonomy: Taxonomy;
beforeAll(async () => {
  taxonomy = await readTaxonomy(taxonomyFiles({}));
});

/** Tags a plain-text article (title on line 1, lead on line 2, body after) as the loader does. */
function tag(text: string): InferredTopics {
  const language = detectLanguage(text);
  return inferTopics(taxonomy, parsePlainText(text, language)!, language);
}

function expectValidScores(result: InferredTopics): void {
  for (const score of Object.values(result.scores)) {
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(1);
  }
  for (const topic of result.topics) expect(result.scores[topic]).toBeDefined();
}

describe('accent-aware matching: Vietnamese marks carry meaning', () => {
  it('"Nha Trang" (the city) is not "Nhà Trắng" (the White House): a beach story is not World', () => {
    const result = tag(
      [
        'Nha Trang đông nghịt du khách dịp nghỉ lễ',
        'Các khách sạn ở Nha Trang kín phòng, bãi biển chật kín người tắm biển trong ba ngày nghỉ.',
        'Theo Sở Du lịch Khánh Hòa, lượng khách du lịch đến Nha Trang tăng mạnh so với năm ngoái. Nhiều khu nghỉ dưỡng đã hết phòng từ tuần trước.',
      ].join('\n'),
    );
    expect(result.topics).toContain('Travel');
    expect(result.topics).not.toContain('World');
    expect(result.scores.World).toBeUndefined();
    expectValidScores(result);
  });

  it('"Nhà Trắng" with its marks still means the White House', () => {
    const result = tag(
      [
        'Nhà Trắng bác bỏ tin đồn về cuộc gặp với Triều Tiên',
        'Người phát ngôn Nhà Trắng cho biết Washington chưa có kế hoạch gặp lãnh đạo Bình Nhưỡng.',
        'Tuyên bố được đưa ra sau khi báo chí Hàn Quốc đưa tin về một cuộc gặp bí mật.',
      ].join('\n'),
    );
    expect(result.topics).toContain('World');
  });

  it('"phòng vệ" (defence) is not "phòng vé" (box office), "chứng cứ" (evidence) not "chung cư" (apartments)', () => {
    const result = tag(
      [
        'Tòa tuyên án người đàn ông đâm chết hàng xóm vì vượt quá giới hạn phòng vệ chính đáng',
        'Tại phiên tòa, bị cáo khai đã hành động để phòng vệ khi bị tấn công bằng dao.',
        'Hội đồng xét xử cho rằng chứng cứ trong hồ sơ vụ án cho thấy bị cáo đã vượt quá giới hạn phòng vệ, tuyên phạt 3 năm tù.',
      ].join('\n'),
    );
    expect(result.topics).toContain('Law & Crime');
    expect(result.scores.Entertainment).toBeUndefined();
    expect(result.scores['Real Estate']).toBeUndefined();
  });

  it('"Ban Thường vụ" is not "thương vụ" (a deal): a party meeting is not Business', () => {
    const result = tag(
      [
        'Ban Thường vụ Tỉnh ủy họp bàn công tác cán bộ',
        'Ban Thường vụ Tỉnh ủy đã họp để xem xét kỷ luật hai đảng viên vi phạm.',
        'Bí thư Tỉnh ủy yêu cầu các cấp ủy tăng cường kiểm tra, giám sát.',
      ].join('\n'),
    );
    expect(result.topics).toContain('Politics');
    expect(result.topics).not.toContain('Business');
  });

  it('"tiền về" is not "tiền vệ" (midfielder), "triệu tiền" not "Triều Tiên", "học sau" not "học sâu" (deep learning)', () => {
    const result = tag(
      [
        'Nữ sinh bỏ học sau Tết để đi làm thuê gửi tiền về cho mẹ',
        'Em cho biết mỗi tháng gửi tiền về quê được vài triệu, đủ trả mấy triệu tiền điện và tiền thuốc cho mẹ.',
        'Nhà trường đã đến tận nhà vận động em quay lại lớp, nhiều thầy cô giáo hứa hỗ trợ học phí.',
      ].join('\n'),
    );
    expect(result.topics).toContain('Education');
    for (const wrong of ['Football', 'Sports', 'World', 'AI', 'Technology']) expect(result.scores[wrong]).toBeUndefined();
  });

  it('the old and new places of a tone mark are one spelling ("hoà" = "hòa")', () => {
    const mini = new Taxonomy([{ name: 'Peace', aliases: [], keywords: { vi: ['hòa giải'] } }]);
    // One keyword, however often, is scored below the bar (see "evidence"): what is tested here is the match.
    const result = inferTopics(mini, { title: 'Hai bên đồng ý hoà giải', excerpt: 'Cuộc hoà giải kéo dài ba giờ.', body: '' }, 'vi');
    expect(Object.keys(result.scores)).toEqual(['Peace']);
  });

  it('text written without marks is matched folded', () => {
    const result = tag(
      [
        'Alibaba Cloud mo rong dich vu dien toan dam may tai chau A',
        'Cong ty cho biet se mo them trung tam du lieu de dap ung nhu cau dien toan dam may.',
        'Dich vu dam may cua hang canh tranh voi AWS va Microsoft Azure.',
      ].join('\n'),
    );
    expect(result.topics).toContain('Cloud Computing');
    expect(result.topics).toContain('Technology');
  });

  it('a capitalised or all-capitals keyword needs that case ("AI" the technology, "ai" = who)', () => {
    const mini = new Taxonomy([{ name: 'AI', aliases: [], keywords: { vi: ['AI'] } }]);
    // Whether the keyword matched at all (a single keyword stays under the bar for assignment: see "evidence").
    const infer = (title: string) => Object.keys(inferTopics(mini, { title, excerpt: title, body: '' }, 'vi').scores);
    expect(infer('Công nghệ AI giúp bác sĩ đọc phim chụp')).toEqual(['AI']);
    expect(infer('Không ai biết cô gái là người ở đâu')).toEqual([]);
  });
});

describe('whole phrases only: a keyword inside a longer fixed phrase does not count', () => {
  it('"hàng không mẫu hạm" (an aircraft carrier) is not an airline story', () => {
    const result = tag(
      [
        'Hải quân Mỹ điều thêm hàng không mẫu hạm tới bán đảo Triều Tiên',
        'Lầu Năm Góc cho biết hàng không mẫu hạm USS Carl Vinson sẽ tới gần bán đảo Triều Tiên trong tuần này.',
        'Động thái diễn ra sau khi Bình Nhưỡng thử tên lửa đạn đạo.',
      ].join('\n'),
    );
    expect(result.topics).toContain('World');
    expect(result.scores.Travel).toBeUndefined();
  });

  it('"vụng trộm" (an affair) is not a theft', () => {
    const result = tag(
      [
        'Tôi phát hiện chồng vụng trộm với bạn thân của mình',
        'Sau mười năm hôn nhân, tôi mới biết chồng vụng trộm với người bạn thân nhất của tôi.',
        'Tôi không biết nên tha thứ để giữ gia đình cho con cái hay ly hôn.',
      ].join('\n'),
    );
    expect(result.topics).toContain('Lifestyle');
    expect(result.scores['Law & Crime']).toBeUndefined();
  });

  it('"hoạt động cơ sở" (grassroots work) is not an engine', () => {
    const result = tag(
      [
        'Hội nghị tổng kết hoạt động cơ sở Đảng năm 2017',
        'Tỉnh ủy tổ chức hội nghị đánh giá hoạt động cơ sở Đảng và công tác phát triển đảng viên.',
        'Bí thư Tỉnh ủy đề nghị các chi bộ nâng cao chất lượng sinh hoạt.',
      ].join('\n'),
    );
    expect(result.topics).toContain('Politics');
    expect(result.scores.Automotive).toBeUndefined();
  });
});

describe('passing mentions do not make a topic', () => {
  it('one "Facebook" does not make a crime story Technology', () => {
    const result = tag(
      [
        'Bắt nghi phạm cướp tiệm vàng ở Bình Dương',
        'Công an tỉnh Bình Dương đã bắt giữ nghi phạm cướp tiệm vàng sau ba ngày truy xét.',
        'Nghi phạm khai đã xem clip trên Facebook rồi lên kế hoạch gây án. Cơ quan điều tra đã khởi tố vụ án cướp tài sản.',
      ].join('\n'),
    );
    expect(result.topics).toContain('Law & Crime');
    expect(result.topics).not.toContain('Technology');
  });

  it('one "du khách" does not make a traffic accident Travel', () => {
    const result = tag(
      [
        'Xe khách lao xuống vực trên đèo, 3 người thiệt mạng',
        'Chiếc xe khách chở 30 người mất lái lao xuống vực khi đang xuống đèo, trong đó có một du khách.',
        'Cảnh sát giao thông đang điều tra nguyên nhân vụ tai nạn giao thông.',
      ].join('\n'),
    );
    expect(result.topics).toContain('Traffic');
    expect(result.topics).not.toContain('Travel');
  });

  it('"tỷ đồng" does not make a road project Finance', () => {
    const result = tag(
      [
        'Khởi công tuyến đường cao tốc nối hai tỉnh miền Trung',
        'Dự án đường cao tốc dài 60 km có tổng vốn 5.000 tỷ đồng, dự kiến hoàn thành năm 2020.',
        'Tuyến đường giúp giảm ùn tắc trên quốc lộ 1, rút ngắn thời gian lưu thông giữa hai tỉnh.',
      ].join('\n'),
    );
    expect(result.topics).toContain('Traffic');
    expect(result.topics).not.toContain('Finance');
  });
});

describe('the hierarchy and the scores', () => {
  it('Football implies Sports, with at least its confidence', () => {
    const result = tag(
      [
        'U23 Việt Nam thắng đậm ở vòng loại',
        'Đội tuyển U23 Việt Nam đã thắng 4-0, tiền đạo Công Phượng ghi hai bàn thắng.',
        'Huấn luyện viên Hữu Thắng hài lòng với lối chơi của các cầu thủ.',
      ].join('\n'),
    );
    expect(result.topics).toEqual(expect.arrayContaining(['Football', 'Sports']));
    expect(result.scores.Sports).toBeGreaterThanOrEqual(result.scores.Football!);
    expectValidScores(result);
  });

  it('AI implies Technology', () => {
    const result = tag(
      [
        'Trí tuệ nhân tạo giúp bác sĩ phát hiện ung thư sớm',
        'Một hệ thống trí tuệ nhân tạo dùng học sâu đã đọc phim chụp chính xác hơn bác sĩ.',
        'Các nhà nghiên cứu cho biết công nghệ AI sẽ được thử nghiệm tại nhiều bệnh viện.',
      ].join('\n'),
    );
    expect(result.topics).toEqual(expect.arrayContaining(['AI', 'Technology']));
  });

  it('a second topic needs more confidence than the first, unless it refines the first', () => {
    const mini = new Taxonomy([
      { name: 'Tech', aliases: [], keywords: { vi: ['công nghệ', 'phần mềm'] } },
      { name: 'Cloud', aliases: [], parent: 'Tech', keywords: { vi: ['đám mây', 'máy chủ'] } },
      { name: 'Money', aliases: [], keywords: { vi: ['lãi suất', 'ngân hàng'] } },
    ]);
    const fields = (second: string) => ({ title: `Công nghệ và phần mềm mới, ${second}`, excerpt: `Công nghệ phần mềm mới.`, body: '' });
    const strict = { ...TOPIC_DEFAULTS, secondThreshold: 0.99 };
    const money = inferTopics(mini, fields('lãi suất ngân hàng'), 'vi', strict);
    expect(money.scores.Money).toBeGreaterThanOrEqual(TOPIC_DEFAULTS.threshold);
    expect(money.topics).toEqual(['Tech']);
    const cloud = inferTopics(mini, fields('đám mây máy chủ'), 'vi', strict);
    expect(cloud.scores.Cloud).toBeLessThan(strict.secondThreshold);
    expect([...cloud.topics].sort()).toEqual(['Cloud', 'Tech']);
  });

  it('one keyword repeated is weaker evidence than two different ones', () => {
    // A drowning story says "học sinh" four times: not an Education story.
    const once = tag(
      [
        'Bốn học sinh đuối nước khi tắm sông',
        'Bốn học sinh rủ nhau ra sông tắm thì bị nước cuốn trôi.',
        'Người dân đã tìm thấy thi thể các học sinh sau hai giờ. Gia đình các học sinh vô cùng đau buồn.',
      ].join('\n'),
    );
    expect(once.topics).not.toContain('Education');
    const two = tag(
      [
        'Học sinh tiểu học được miễn học phí từ năm học mới',
        'Bộ Giáo dục cho biết mọi học sinh tiểu học công lập sẽ không phải đóng học phí.',
        'Các trường đã nhận được hướng dẫn.',
      ].join('\n'),
    );
    expect(two.topics).toContain('Education');
  });

  it('a topic with its own threshold needs that confidence to be assigned', () => {
    const mini = new Taxonomy([{ name: 'Peace', aliases: [], keywords: { vi: ['hòa giải', 'đình chiến'] } }]);
    const fields = { title: 'Hai bên hòa giải và đình chiến', excerpt: '', body: '' };
    const confidence = inferTopics(mini, fields, 'vi').scores.Peace!;
    const withBar = (bar: number) => inferTopics(mini, fields, 'vi', { ...TOPIC_DEFAULTS, topicThresholds: { Peace: bar } }).topics;
    expect(withBar(confidence)).toEqual(['Peace']);
    expect(withBar(confidence + 0.01)).toEqual([]);
  });

  it('keywords only deep in the body count less than the same keywords in the title or lead', () => {
    const mini = new Taxonomy([{ name: 'Peace', aliases: [], keywords: { vi: ['hòa giải', 'đình chiến'] } }]);
    const head = inferTopics(mini, { title: 'Hai bên hòa giải và đình chiến', excerpt: '', body: 'Hai bên gặp nhau ba giờ.' }, 'vi');
    // Nine mentions of each in the body add up to the evidence of one each in the title (3 + 3).
    const body = inferTopics(mini, { title: 'Hai bên gặp nhau', excerpt: '', body: 'Hai bên hòa giải và đình chiến. '.repeat(9) }, 'vi');
    expect(head.topics).toEqual(['Peace']);
    expect(body.score).toBe(head.score);
    expect(body.scores.Peace).toBeLessThan(head.scores.Peace!);
  });

  it('a foreign club match is Football, not World', () => {
    const result = tag(
      [
        'Real Madrid thắng Barcelona trong trận siêu kinh điển',
        'Real Madrid đã đánh bại Barcelona 3-2 trên sân Bernabeu, Ronaldo ghi bàn thắng quyết định.',
        'Với chiến thắng này, đội bóng Tây Ban Nha củng cố ngôi đầu La Liga.',
      ].join('\n'),
    );
    expect(result.topics).toContain('Football');
    expect(result.topics).not.toContain('World');
  });

  it('a Vietnamese place is not World', () => {
    const result = tag(
      [
        'Đà Nẵng mở thêm tuyến xe buýt ra sân bay',
        'Thành phố Đà Nẵng đưa vào hoạt động tuyến xe buýt mới nối trung tâm với sân bay.',
        'Sở Giao thông Vận tải cho biết tuyến xe buýt chạy 15 phút một chuyến.',
      ].join('\n'),
    );
    expect(result.scores.World).toBeUndefined();
  });

  it('English plain text gets topics from the English keywords', () => {
    const result = tag(
      [
        'Police arrest suspect after downtown shooting',
        'Police said the suspect was arrested on Tuesday and charged with murder after the shooting.',
        'Prosecutors said the trial could begin next year.',
      ].join('\n'),
    );
    expect(result.topics).toContain('Law & Crime');
  });

  it('an article with no keyword gets no topic and no scores', () => {
    expect(tag('Một ngày bình thường\nTrời trong, gió nhẹ.\nKhông có gì xảy ra.')).toEqual({ topics: [], scores: {}, score: 0 });
  });
});

describe('loading: topicScores on every article, the editor\'s topics untouched', () => {
  it('front-matter topics stay as given (aliases resolved, no parent added), each scored 1', async () => {
    const dir = corpusDir({
      'given.md': frontMatter('title: Derby day\ntopics:\n  - Soccer\n  - Quốc tế', 'Trí tuệ nhân tạo, học sâu và điện toán đám mây.'),
      'plain.txt': 'Công Phượng lập cú đúp giúp U23 Việt Nam vào bán kết\nTiền đạo Công Phượng ghi hai bàn thắng.\nĐội tuyển U23 Việt Nam gặp Thái Lan ở bán kết.',
    });
    const { articles } = await loadCorpus([dir], { taxonomy });
    const given = articles.find((article) => article.source.endsWith('given.md'))!;
    expect(given.topics).toEqual(['Football', 'World']);
    expect(given.topicScores).toEqual({ Football: 1, World: 1 });
    const plain = articles.find((article) => article.source.endsWith('plain.txt'))!;
    expect(plain.topics).toEqual(expect.arrayContaining(['Football', 'Sports']));
    for (const topic of plain.topics) expect(plain.topicScores[topic]).toBeGreaterThanOrEqual(TOPIC_DEFAULTS.threshold);
  });
});

describe('taxonomy files', () => {
  it('name the file when a parent or a yielded-to topic is not a topic', async () => {
    const dir = corpusDir({});
    const file = join(dir, 'extra.yaml');
    writeFileSync(file, 'topics:\n  - name: Esports\n    parent: Gaming\n');
    await expect(readTaxonomy([file])).rejects.toThrow(new TaxonomyError(`${file}: topic "Esports" has parent "Gaming", which is not a topic of the taxonomy`));
    writeFileSync(file, 'topics:\n  - name: Esports\n    yields: [Gaming]\n');
    await expect(readTaxonomy([file])).rejects.toThrow(/yields to "Gaming", which is not a topic/);
  });

  it('let TOPICS_FILE add a child topic under an existing parent, with its own blockers', async () => {
    const dir = corpusDir({});
    const file = join(dir, 'extra.yaml');
    writeFileSync(file, 'topics:\n  - name: Esports\n    parent: Sports\n    keywords:\n      vi: [thể thao điện tử, game thủ]\n    blockers:\n      vi: [game thủ nhí]\n');
    const extended = await readTaxonomy([...taxonomyFiles({}), file]);
    const infer = (title: string) => inferTopics(extended, { title, excerpt: title, body: '' }, 'vi').topics;
    expect(infer('Game thủ Việt vô địch giải thể thao điện tử châu Á')).toEqual(expect.arrayContaining(['Esports', 'Sports']));
    expect(infer('Chuyện game thủ nhí nghiện điện thoại')).not.toContain('Esports');
  });

  it('keep each parse in the cache folder by content: the same topics next time, a changed file parsed again', async () => {
    const dir = corpusDir({});
    const cacheDir = join(dir, 'cache');
    const file = join(dir, 'extra.yaml');
    writeFileSync(file, 'topics:\n  - name: Esports\n    parent: Sports\n    keywords:\n      vi: [thể thao điện tử]\n');
    const files = [...taxonomyFiles({}), file];
    const parsed = await readTaxonomy(files);
    const first = await readTaxonomy(files, { cacheDir });
    const kept = readdirSync(cacheDir).filter((name) => name.endsWith('.json'));
    expect(kept).toHaveLength(2);
    const again = await readTaxonomy(files, { cacheDir });
    expect(JSON.stringify(again.topics)).toBe(JSON.stringify(parsed.topics));
    expect(JSON.stringify(first.topics)).toBe(JSON.stringify(parsed.topics));
    const infer = (taxonomy: Taxonomy) => inferTopics(taxonomy, { title: 'Giải thể thao điện tử châu Á', excerpt: '', body: '' }, 'vi').topics;
    expect(infer(again)).toEqual(infer(parsed));

    writeFileSync(file, 'topics:\n  - name: Esports\n    parent: Gaming\n');
    await expect(readTaxonomy(files, { cacheDir })).rejects.toThrow(/parent "Gaming", which is not a topic/);
    // A damaged copy is parsed again.
    for (const name of kept) writeFileSync(join(cacheDir, name), '{not json');
    writeFileSync(file, 'topics:\n  - name: Esports\n    parent: Sports\n    keywords:\n      vi: [thể thao điện tử]\n');
    expect(JSON.stringify((await readTaxonomy(files, { cacheDir })).topics)).toBe(JSON.stringify(parsed.topics));
    // A cache folder that cannot be made (DATA_DIR not writable) only means parsing every time.
    const blocked = join(dir, 'not-a-folder');
    writeFileSync(blocked, '');
    expect(JSON.stringify((await readTaxonomy(files, { cacheDir: join(blocked, 'cache') })).topics)).toBe(JSON.stringify(parsed.topics));
  });
});
