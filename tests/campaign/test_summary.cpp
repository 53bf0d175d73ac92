// The campaign summary from task results: best compromise model per task, features within 1 and
// 2 sd, the fit-ability matrix (the better of a pair's seeds), and the files' contents.
#include <gtest/gtest.h>

#include <filesystem>

#include "../common/temp_folder.hpp"
#include "neurofit/campaign/summary.hpp"
#include "neurofit/io/checkpoint.hpp"
#include "neurofit/io/hdf5_file.hpp"

namespace neurofit::campaign {
namespace {

namespace fs = std::filesystem;

class Summary_ : public neurofit::testing::TempFolderTest {
 protected:
  void SetUp() override {
    TempFolderTest::SetUp();
    c_ = parse_campaign(
        "cell_types: [neocortex_l56_pyramidal, hippocampus_ca1_basket]\n"
        "models: [izhikevich2007, adex]\nseeds: [1, 2]\n"
        "settings: {generations: 5}\noutput: " +
            dir_.string() + "\n",
        "c.yaml");
  }
  // A finished result.h5 for task `index` whose archive holds the given z columns.
  void finish(long index, const Eigen::MatrixXd& z) {
    const Task& t = c_.tasks[static_cast<std::size_t>(index)];
    io::CheckpointData d;
    d.result.config_text = t.config.text;
    d.result.model = t.model;
    d.result.cell_type = t.cell_type;
    d.result.generations = 5;
    d.result.parameter_names = {"p"};
    d.result.parameter_units = {"mV"};
    d.result.parameters = Eigen::MatrixXd::Zero(1, z.cols());
    d.result.objective_names = {"input_resistance", "time_constant", "resting_potential"};
    d.result.objectives = z;
    d.result.hypervolume_scale = d.result.hypervolume_reference = Eigen::VectorXd::Ones(3);
    d.archive_x = d.result.parameters;
    d.generation = 5;
    d.finished = true;
    fs::create_directories(dir_ / t.folder);
    io::write_checkpoint(dir_ / t.folder / "result.h5", d, io::result_format);
  }

  CampaignConfig c_;
};

TEST_F(Summary_, OutcomesAndTheFitabilityMatrix) {
  // Task 0 (l56 x izh, seed 1): the compromise is column 1 (largest z 1.5).
  Eigen::MatrixXd z0(3, 2);
  z0 << 0.5, 1.5,  //
      3.0, 0.2,    //
      0.1, 1.2;
  finish(0, z0);
  // Task 1 (l56 x izh, seed 2): better, every feature within 1 sd.
  finish(1, Eigen::MatrixXd::Constant(3, 1, 0.9));
  // Task 2 (l56 x adex, seed 1): one feature beyond 2 sd.
  Eigen::MatrixXd z2(3, 1);
  z2 << 0.5, 2.5, 1.5;
  finish(2, z2);
  std::vector<TaskOutcome> outcomes;
  for (const auto& t : c_.tasks) outcomes.push_back(read_outcome(c_, t));
  const TaskOutcome& o0 = outcomes[0];
  EXPECT_TRUE(o0.finished);
  EXPECT_EQ(o0.n_features, 3);
  EXPECT_DOUBLE_EQ(o0.max_z, 1.5);
  EXPECT_EQ(o0.within_1sd, 1);  // 0.2
  EXPECT_EQ(o0.within_2sd, 3);
  EXPECT_DOUBLE_EQ(o0.best_z[1], 0.5);  // input_resistance: smallest over the archive
  EXPECT_DOUBLE_EQ(o0.compromise_z[1], 1.5);
  EXPECT_TRUE(std::isnan(o0.compromise_z[0]));  // rheobase: not scored
  EXPECT_FALSE(outcomes[4].finished);

  const Summary s = summarize(c_, outcomes);
  EXPECT_DOUBLE_EQ(s.fitability(0, 0), 1.0);
  EXPECT_EQ(s.best_task[0], 1);  // seed 2: the smaller largest z
  EXPECT_DOUBLE_EQ(s.fitability(0, 1), 2.0 / 3.0);
  EXPECT_TRUE(std::isnan(s.fitability(1, 0)));  // no ca1 basket task finished
  EXPECT_DOUBLE_EQ(s.best_z[0](1, 2), 2.5);     // l56 x adex, time_constant

  write_summary_h5(c_, outcomes, s);
  auto h5 = io::hdf5::File::open_read_only((dir_ / "summary.h5").string());
  EXPECT_EQ(io::hdf5::read_text_attribute(h5.id(), "format"), "neurofit-campaign-summary");
  const auto f = io::hdf5::read_matrix(h5.id(), "fitability");
  EXPECT_DOUBLE_EQ(f(0, 1), 2.0 / 3.0);
  const std::string csv = summary_csv(c_, outcomes);
  EXPECT_NE(csv.find("1,neocortex_l56_pyramidal,izhikevich2007,2,finished,5,3,3,3,0.9"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("not started"), std::string::npos);
  const std::string md = summary_markdown(c_, outcomes, s);
  EXPECT_NE(md.find("| neocortex_l56_pyramidal | 3/3 (0.9, 2 seeds up to 1.5) | 2/3 (2.5) |"),
            std::string::npos)
      << md;
  EXPECT_EQ(s.seed_max_z[0], (std::vector<double>{1.5, 0.9}));
}

// The pair's best model is the best compromise over its seeds, even where another seed's model
// has more features within 2 sd.
TEST_F(Summary_, TheBestSeedIsTheSmallestLargestZ) {
  Eigen::MatrixXd z0(3, 1), z1(3, 1);
  z0 << 0.1, 0.1, 2.6;  // 2 of 3 within 2 sd, largest z 2.6
  z1 << 2.1, 2.1, 2.1;  // none within 2 sd, largest z 2.1
  finish(0, z0);
  finish(1, z1);
  std::vector<TaskOutcome> outcomes;
  for (const auto& t : c_.tasks) outcomes.push_back(read_outcome(c_, t));
  const Summary s = summarize(c_, outcomes);
  EXPECT_EQ(s.best_task[0], 1);
  EXPECT_DOUBLE_EQ(s.fitability(0, 0), 0.0);
  const std::string md = summary_markdown(c_, outcomes, s);
  EXPECT_NE(md.find("| 0/3 (2.1, 2 seeds up to 2.6) |"), std::string::npos) << md;
}

}  // namespace
}  // namespace neurofit::campaign

namespace neurofit::campaign {
namespace {

// A campaign under another protocol (settings' `protocol`): the summary's features are that
// protocol's, and the Allen specimens' observation files serve as its cell types.
class SummaryProtocol : public neurofit::testing::TempFolderTest {};

TEST_F(SummaryProtocol, FeaturesAreTheCampaignProtocols) {
  const std::string observations = std::string(NEUROFIT_SOURCE_DIR) + "/config/observations";
  ::setenv("NEUROFIT_CELLTYPES", observations.c_str(), 1);
  const CampaignConfig c = parse_campaign(
      "cell_types: [allen_623960880, allen_471819401]\nmodels: [izhikevich2007]\nseeds: [1]\n"
      "settings: {protocol: allen, generations: 5}\noutput: " +
          dir_.string() + "\n",
      "c.yaml");
  ::unsetenv("NEUROFIT_CELLTYPES");
  ASSERT_EQ(c.features.size(), 12u);
  EXPECT_EQ(c.features[4], "fi_slope");
  EXPECT_EQ(c.features[11], "long_square.spike_half_width.mean");
  const Task& t = c.tasks[0];
  io::CheckpointData d;
  d.result.config_text = t.config.text;
  d.result.model = t.model;
  d.result.cell_type = t.cell_type;
  d.result.parameter_names = {"p"};
  d.result.parameter_units = {"mV"};
  d.result.parameters = Eigen::MatrixXd::Zero(1, 1);
  d.result.objective_names = {"resting_potential", "fi_slope"};
  d.result.objectives = Eigen::MatrixXd::Constant(2, 1, 0.5);
  d.result.objectives(1, 0) = 2.5;
  d.result.hypervolume_scale = d.result.hypervolume_reference = Eigen::VectorXd::Ones(2);
  d.archive_x = d.result.parameters;
  d.finished = true;
  fs::create_directories(dir_ / t.folder);
  io::write_checkpoint(dir_ / t.folder / "result.h5", d, io::result_format);
  std::vector<TaskOutcome> outcomes;
  for (const auto& task : c.tasks) outcomes.push_back(read_outcome(c, task));
  EXPECT_EQ(outcomes[0].n_features, 2);
  EXPECT_EQ(outcomes[0].within_2sd, 1);
  EXPECT_DOUBLE_EQ(outcomes[0].compromise_z[4], 2.5);  // fi_slope, in the protocol's order
  const Summary s = summarize(c, outcomes);
  EXPECT_DOUBLE_EQ(s.fitability(0, 0), 0.5);
  EXPECT_EQ(s.best_z[0].cols(), 12);
  const std::string md = summary_markdown(c, outcomes, s);
  EXPECT_NE(md.find("| long_square.mean_frequency |"), std::string::npos) << md;
  EXPECT_NE(summary_csv(c, outcomes).find(",z_fi_slope,"), std::string::npos);
}

}  // namespace
}  // namespace neurofit::campaign
